package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.maven.params.IncludeParams;
import dev.bunny.maven.params.KernelParams;
import dev.bunny.maven.params.PlatformParams;
import dev.bunny.maven.params.RootfsParams;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.Platform;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.UruncKeySpec;
import dev.bunny.urunc.UruncKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Turns the POM configuration (plus {@code -D} overrides) into the one {@link ImageSpec}. Only
 * shape problems are reported here (two settings that exclude each other, a malformed include);
 * everything else is the validator's job, so every input form gets the same checks.
 */
final class PomSpecMapper {

  static final String SOURCE = "the bunny-maven-plugin configuration";

  private final UnaryOperator<String> properties;
  private final PomFieldNamer namer = new PomFieldNamer();

  /** @param properties looks up a {@code -D}/project property, null when unset */
  PomSpecMapper(UnaryOperator<String> properties) {
    this.properties = properties;
  }

  ImageSpec map(PomContent c) throws BuildFailure {
    List<String> shape = new ArrayList<>();
    PlatformParams p = c.platform == null ? new PlatformParams() : c.platform;
    Platform platform = new Platform(
        override(BunnyProperties.PLATFORM_FRAMEWORK, p.framework),
        override(BunnyProperties.PLATFORM_MONITOR, p.monitor),
        override(BunnyProperties.PLATFORM_VERSION, p.version),
        override(BunnyProperties.PLATFORM_ARCHITECTURE, p.architecture));

    KernelParams k = c.kernel == null ? new KernelParams() : c.kernel;
    KernelSpec kernel = new KernelSpec(override(BunnyProperties.KERNEL_FROM, k.from), override(BunnyProperties.KERNEL, k.path),
        k.target);

    RootfsSpec rootfs = rootfs(c.rootfs, shape);
    List<FileInclude> files = includes(c.files, "files", shape);
    List<String> cmd = c.cmd == null ? List.of() : c.cmd;
    String cmdline = override(BunnyProperties.CMDLINE, c.cmdline);
    if (cmdline != null && !cmdline.isBlank()) {
      if (!cmd.isEmpty()) {
        shape.add("<cmdline> and <cmd> both set the command; keep one (<cmd> for arguments with spaces)");
      }
      cmd = ImageSpec.splitCmdline(cmdline);
    }
    SortedMap<String, String> annotations = sorted(c.annotations);
    if (kernel.path() == null && annotations.containsKey(UruncKeys.BINARY)) {
      // bunix style: <files> place everything, raw urunc <annotations> say what is what
      UruncKeySpec keys = UruncKeySpec.of(annotations, false);
      kernel = keys.kernel();
      platform = new Platform(
          platform.framework() != null ? platform.framework() : keys.platform().framework(),
          platform.monitor() != null ? platform.monitor() : keys.platform().monitor(),
          platform.version() != null ? platform.version() : keys.platform().version(),
          platform.architecture());
      if (rootfs.isAbsent()) {
        rootfs = keys.rootfs();
      }
      String cmdlineKey = annotations.get(UruncKeys.CMDLINE);
      if (cmd.isEmpty() && (c.entrypoint == null || c.entrypoint.isEmpty()) && cmdlineKey != null) {
        cmd = ImageSpec.splitCmdline(cmdlineKey); // as for a Containerfile: urunc v0.6+ reads the args
      }
    }

    List<String> env = new ArrayList<>();
    if (c.env != null) {
      new TreeMap<>(c.env).forEach((key, value) -> env.add(key + "=" + (value == null ? "" : value)));
    }
    if (!shape.isEmpty()) {
      throw new BuildFailure(shape.size() + (shape.size() == 1 ? " problem" : " problems") + " in " + SOURCE + ":\n  - "
          + String.join("\n  - ", shape));
    }
    return new ImageSpec(SOURCE, namer, platform, kernel, rootfs, c.entrypoint, cmd, env, sorted(c.labels),
        annotations, files);
  }

  /** True when the POM itself describes the image content (not only its name or metadata). */
  boolean describesImage(PomContent c) {
    return !configuredElements(c).isEmpty();
  }

  /** The content elements set in the POM or by properties, for messages. */
  String configuredElements(PomContent c) {
    List<String> set = new ArrayList<>();
    if (c.platform != null || properties.apply(BunnyProperties.PLATFORM_FRAMEWORK) != null
        || properties.apply(BunnyProperties.PLATFORM_MONITOR) != null) {
      set.add("<platform>");
    }
    if (c.kernel != null || properties.apply(BunnyProperties.KERNEL) != null) {
      set.add("<kernel>");
    }
    if (c.rootfs != null || properties.apply(BunnyProperties.ROOTFS_INCLUDES) != null) {
      set.add("<rootfs>");
    }
    if (c.cmdline != null || properties.apply(BunnyProperties.CMDLINE) != null || c.cmd != null || c.entrypoint != null) {
      set.add("<cmdline>/<cmd>/<entrypoint>");
    }
    if (c.env != null && !c.env.isEmpty()) {
      set.add("<env>");
    }
    if (c.files != null && !c.files.isEmpty()) {
      set.add("<files>");
    }
    return String.join(", ", set);
  }

  private RootfsSpec rootfs(RootfsParams r, List<String> shape) {
    String typeText = override(BunnyProperties.ROOTFS_TYPE, r == null ? null : r.type);
    String includesText = properties.apply(BunnyProperties.ROOTFS_INCLUDES);
    if (r == null && typeText == null && includesText == null) {
      return RootfsSpec.absent();
    }
    RootfsParams params = r == null ? new RootfsParams() : r;
    RootfsType type = null;
    if (typeText != null && !typeText.isBlank()) {
      type = RootfsType.parse(typeText).orElse(null);
      if (type == null) {
        shape.add(namer.name("rootfs.type") + ": '" + typeText + "' is not a rootfs type (accepted: " + RootfsType.ACCEPTED + ")");
      }
    }
    List<IncludeParams> includeTexts = includesText != null
        ? Arrays.stream(includesText.split(",")).map(IncludeParams::new).toList() : params.includes;
    List<FileInclude> includes = includes(includeTexts, "rootfs.includes", shape);
    String path = blankToNull(params.path);
    String from = blankToNull(params.from);
    if (from == null && path != null) {
      from = FileInclude.LOCAL; // a POM naming a file means that file; bunnyfiles must say so
    }
    return new RootfsSpec(from, path, type, includes, blankToNull(params.target), blankToNull(params.mountPoint));
  }

  private List<FileInclude> includes(List<IncludeParams> given, String field, List<String> shape) {
    List<FileInclude> out = new ArrayList<>();
    if (given == null) {
      return out;
    }
    for (int i = 0; i < given.size(); i++) {
      IncludeParams inc = given.get(i) == null ? new IncludeParams("") : given.get(i);
      String f = field + "[" + i + "]";
      if (inc.text != null || inc.source == null) {
        String text = inc.text == null ? "" : inc.text.trim();
        try {
          out.add(FileInclude.parseShort(text, f));
        } catch (IllegalArgumentException e) {
          shape.add(namer.name(f) + ": " + e.getMessage());
        }
        continue;
      }
      String source = inc.source.trim();
      String destination = blankToNull(inc.destination);
      out.add(new FileInclude(blankToNull(inc.from), source, destination == null ? source : destination, f));
    }
    return out;
  }

  private String override(String property, String pomValue) {
    String v = properties.apply(property);
    return v != null ? v : pomValue;
  }

  private static SortedMap<String, String> sorted(Map<String, String> m) {
    SortedMap<String, String> out = new TreeMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(k, v == null ? "" : v));
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The content parameters of the POM, as Maven injected them. */
  static final class PomContent {
    PlatformParams platform;
    KernelParams kernel;
    RootfsParams rootfs;
    String cmdline;
    List<String> cmd;
    List<String> entrypoint;
    Map<String, String> env;
    Map<String, String> labels;
    Map<String, String> annotations;
    List<IncludeParams> files;
  }
}
