package dev.bunny.run;

import dev.bunny.build.BuildFailure;
import dev.bunny.urunc.UruncKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel command line urunc gives a guest on QEMU, per framework (after urunc's
 * {@code unikernels/*.go}), without the network part: bunny:run starts no network.
 */
final class GuestCommandLine {

  private GuestCommandLine() {}

  /**
   * @param urunc the image's urunc keys (decoded)
   * @param args Entrypoint + Cmd (urunc v0.6+), or the cmdline key split on spaces
   * @param env the image's Env
   * @param hasInitrd whether an initrd is passed
   */
  static String of(Map<String, String> urunc, List<String> args, List<String> env, boolean hasInitrd) throws BuildFailure {
    String framework = urunc.getOrDefault(UruncKeys.UNIKERNEL_TYPE, "");
    switch (framework) {
      case "unikraft":
        return unikraft(urunc.get(UruncKeys.UNIKERNEL_VERSION), args, env, hasInitrd);
      case "linux":
        return linux(args, env, hasInitrd);
      default:
        return String.join(" ", args);
    }
  }

  /** {@code Unikraft [env.vars=[ K=V ]] <vfs> -- <args>}; Unikraft before 0.16.1 takes the old vfs form and no env. */
  private static String unikraft(String version, List<String> args, List<String> env, boolean hasInitrd) {
    boolean compat = version != null && !version.isBlank() && olderThan(version, new int[] {0, 16, 1});
    List<String> parts = new ArrayList<>();
    parts.add("Unikraft");
    if (!compat && !env.isEmpty()) {
      parts.add("env.vars=[ " + String.join(" ", env) + " ]");
    }
    if (hasInitrd) {
      parts.add(compat ? "vfs.rootfs=initrd" : "vfs.fstab=[ \"initrd0:/:extract:::\" ]");
    }
    parts.add("--");
    parts.addAll(args);
    return String.join(" ", parts);
  }

  /** {@code panic=-1 console=ttyS0 root=/dev/ram0 rw rdinit=<init> <env> -- <args>}. */
  private static String linux(List<String> args, List<String> env, boolean hasInitrd) throws BuildFailure {
    if (args.isEmpty()) {
      throw new BuildFailure("the image has no command: a linux guest needs its init as the first argument (set <cmd>)");
    }
    if (!hasInitrd) {
      throw new BuildFailure("this linux image has no initrd; bunny:run boots linux guests from an initrd only");
    }
    List<String> parts = new ArrayList<>(List.of("panic=-1", "console=ttyS0", "root=/dev/ram0", "rw", "rdinit=" + quote(args.get(0))));
    parts.addAll(env);
    if (args.size() > 1) {
      parts.add("--");
      for (String a : args.subList(1, args.size())) {
        parts.add(quote(a));
      }
    }
    return String.join(" ", parts);
  }

  /** urunc wraps arguments with spaces in single quotes. */
  private static String quote(String arg) {
    return arg.contains(" ") ? "'" + arg + "'" : arg;
  }

  private static boolean olderThan(String version, int[] than) {
    String[] parts = version.trim().replaceFirst("^[vV]", "").split("[.-]");
    for (int i = 0; i < than.length; i++) {
      int v;
      try {
        v = i < parts.length ? Integer.parseInt(parts[i]) : 0;
      } catch (NumberFormatException e) {
        return false; // urunc treats an unparsable version like an empty one: the current form
      }
      if (v != than[i]) {
        return v < than[i];
      }
    }
    return false;
  }
}
