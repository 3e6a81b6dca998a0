package dev.bunny.maven;

import dev.bunny.spec.FieldNamer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names spec fields as POM elements, with the {@code -D} property where there is one:
 * {@code platform.monitor} becomes {@code <platform><monitor> (-Dbunny.platform.monitor)}.
 */
final class PomFieldNamer implements FieldNamer {

  private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");

  private static final Map<String, String> ELEMENTS = Map.ofEntries(
      Map.entry("kernel.path", "<kernel>"),
      Map.entry("kernel.from", "<kernel><from>"),
      Map.entry("rootfs.includes", "<rootfs><includes>"),
      Map.entry("files", "<files>"),
      Map.entry("cmd", "<cmd>/<cmdline>"),
      Map.entry("env", "<env>"));

  private static final Map<String, String> PROPERTIES = Map.of(
      "platform.framework", BunnyProperties.PLATFORM_FRAMEWORK,
      "platform.monitor", BunnyProperties.PLATFORM_MONITOR,
      "platform.version", BunnyProperties.PLATFORM_VERSION,
      "platform.architecture", BunnyProperties.PLATFORM_ARCHITECTURE,
      "kernel.path", BunnyProperties.KERNEL,
      "kernel.from", BunnyProperties.KERNEL_FROM,
      "rootfs.type", BunnyProperties.ROOTFS_TYPE,
      "rootfs.includes", BunnyProperties.ROOTFS_INCLUDES);

  @Override
  public String name(String field) {
    if (field.startsWith("annotations.")) {
      return "<annotations><" + field.substring("annotations.".length()) + ">";
    }
    Matcher m = INDEXED.matcher(field);
    if (m.matches()) {
      String base = element(m.group(1));
      String item = base.endsWith("s>") ? "<" + singular(m.group(1)) + ">" : "entry";
      return base + item + " #" + (Integer.parseInt(m.group(2)) + 1);
    }
    String property = PROPERTIES.get(field);
    return element(field) + (property == null ? "" : " (-D" + property + ")");
  }

  private static String element(String field) {
    String known = ELEMENTS.get(field);
    if (known != null) {
      return known;
    }
    StringBuilder sb = new StringBuilder();
    for (String part : field.split("\\.")) {
      sb.append('<').append(part).append('>');
    }
    return sb.toString();
  }

  private static String singular(String field) {
    String last = field.substring(field.lastIndexOf('.') + 1);
    return last.endsWith("s") ? last.substring(0, last.length() - 1) : last;
  }
}
