package dev.bunny.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What urunc accepts, as data: the (framework, monitor) pairs, the rootfs kinds each framework
 * can use, and the path rule for paths urunc reads. Source: urunc's annotation validation and
 * guest implementations (2026); see the README's compatibility table.
 */
public final class GuestRules {

  /** Frameworks (urunc {@code unikernelType}) urunc knows, with the monitors it pairs them with. */
  static final Map<String, List<String>> MONITORS_BY_FRAMEWORK = Map.of(
      "unikraft", List.of("qemu", "firecracker", "hyperlight-unikraft"),
      "rumprun", List.of("hvt", "spt"),
      "mirage", List.of("hvt", "spt", "qemu"),
      "mewz", List.of("qemu"),
      "linux", List.of("qemu", "firecracker", "cloud-hypervisor"),
      "hermit", List.of("qemu"));

  /** Monitors (urunc {@code hypervisor}) urunc knows. {@code hedge} is known but in no pair table. */
  static final Set<String> MONITORS = Set.of(
      "qemu", "firecracker", "hvt", "spt", "cloud-hypervisor", "hedge", "hyperlight-unikraft");

  /** Well-formed names of frameworks and monitors urunc may learn later: accepted with a warning. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** urunc's rule for binary, initrd, block and blkMntPoint. */
  static final Pattern PATH = Pattern.compile("[A-Za-z0-9._/-]+");

  static final String PATH_RULE =
      "urunc accepts absolute, clean paths of letters, digits and . _ / - only, at most 4096 bytes";

  private GuestRules() {}

  public static boolean isKnownFramework(String framework) {
    return MONITORS_BY_FRAMEWORK.containsKey(framework);
  }

  public static boolean isKnownMonitor(String monitor) {
    return MONITORS.contains(monitor);
  }

  public static List<String> monitorsFor(String framework) {
    return MONITORS_BY_FRAMEWORK.getOrDefault(framework, List.of());
  }

  public static String knownFrameworks() {
    return String.join(", ", new java.util.TreeSet<>(MONITORS_BY_FRAMEWORK.keySet()));
  }

  public static String knownMonitors() {
    return String.join(", ", new java.util.TreeSet<>(MONITORS));
  }

  /** bunny's defaults: Unikraft boots from an initrd, every other framework from a raw rootfs. */
  public static RootfsType defaultType(String framework) {
    return "unikraft".equals(framework) ? RootfsType.INITRD : RootfsType.RAW;
  }

  /**
   * Why {@code framework} on {@code monitor} cannot use {@code type}, or null when it can.
   * Unknown frameworks may use anything (bunny's generic framework).
   */
  public static String whyNot(String framework, String monitor, RootfsType type) {
    switch (type) {
      case INITRD:
        if (Set.of("rumprun", "mirage", "mewz").contains(framework)) {
          return framework + " cannot boot from an initrd";
        }
        return null;
      case BLOCK:
        if (Set.of("unikraft", "mewz").contains(framework)) {
          return framework + " has no block device support";
        }
        return null;
      case RAW:
        if ("mewz".equals(framework)) {
          return "mewz has no filesystem support";
        }
        if ("mirage".equals(framework)) {
          return "mirage has no filesystem urunc can hand the container rootfs over with";
        }
        if ("unikraft".equals(framework) && "firecracker".equals(monitor)) {
          return "unikraft on firecracker has neither block nor shared-filesystem support";
        }
        return null;
      default:
        return null;
    }
  }

  /** The rootfs kinds a framework on a monitor can use, for "accepted" hints. */
  public static String acceptedTypes(String framework, String monitor) {
    StringBuilder sb = new StringBuilder();
    for (RootfsType t : RootfsType.values()) {
      if (whyNot(framework, monitor, t) == null) {
        sb.append(sb.length() == 0 ? "" : ", ").append(t.id());
      }
    }
    return sb.toString();
  }

  /** Where rumprun mounts a block rootfs (it cannot mount at {@code /}); {@code /} elsewhere. */
  public static String defaultMountPoint(String framework) {
    return "rumprun".equals(framework) ? "/data" : "/";
  }

  /** Null when {@code path} passes urunc's path rule, else why not. */
  public static String pathProblem(String path, boolean rootAllowed) {
    if (path.isEmpty()) {
      return "is empty";
    }
    if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
      return "is longer than 4096 bytes";
    }
    if (!PATH.matcher(path).matches()) {
      return "'" + path + "' contains characters urunc rejects";
    }
    if (!path.startsWith("/")) {
      return "'" + path + "' is not absolute";
    }
    if (path.equals("/")) {
      return rootAllowed ? null : "'/' is the image root, not a file";
    }
    for (String part : path.substring(1).split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return "'" + path + "' is not a clean path (no '//', '.', '..' or trailing '/')";
      }
    }
    return null;
  }
}
