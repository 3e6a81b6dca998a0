package dev.bunny.containerfile;

import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.LocatedFieldNamer;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecProblem;
import dev.bunny.spec.UruncKeySpec;
import dev.bunny.urunc.UruncKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a parsed Containerfile into the one {@link ImageSpec}, the way bunny reads one: COPYs are
 * the image files, LABELs carry the urunc keys (and every LABEL is also a manifest annotation and
 * a {@code /urunc.json} entry), missing keys get bunny's defaults, and the kernel and rootfs file
 * are found among the copied files through the {@code binary}, {@code initrd} and {@code block}
 * labels.
 */
public final class ContainerfileSpecMapper {

  private final Containerfile file;
  private final LocatedFieldNamer namer;
  private final List<SpecProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private ContainerfileSpecMapper(Containerfile file) {
    this.file = file;
    this.namer = new LocatedFieldNamer(file.fileName());
  }

  /** The spec and the notes (defaults applied, instructions ignored) to log. */
  public static Result map(Containerfile file) throws SpecException {
    return new ContainerfileSpecMapper(file).run();
  }

  /** A mapped Containerfile: the spec, plus what the log should tell the user. */
  public record Result(ImageSpec spec, List<String> notes) {}

  private Result run() throws SpecException {
    notes.addAll(file.notes());
    Stage stage = file.stages().get(file.stages().size() - 1);
    if (file.stages().size() > 1) {
      problem(namer.at(file.stages().get(1).line(), 1) + " FROM", "multi-stage Containerfiles are not supported yet",
          "keep one FROM scratch stage that COPYs prebuilt files");
    }
    String baseImage = "scratch".equalsIgnoreCase(stage.baseImage()) ? null : stage.baseImage();
    namer.record("platform.framework", stage.line(), 1, "FROM");
    namer.record("baseImage", stage.line(), 1, "FROM");

    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<FileInclude> files = new ArrayList<>();
    List<String> cmd = List.of();
    List<String> entrypoint = List.of();
    String workdir = null;
    String user = null;
    for (Instruction in : stage.instructions()) {
      if (in instanceof Copy) {
        copy((Copy) in, workdir, files);
      } else if (in instanceof Label) {
        Label l = (Label) in;
        for (String key : l.pairs().keySet()) {
          recordLabel(key, l);
        }
        labels.putAll(l.pairs());
      } else if (in instanceof Env) {
        env.putAll(((Env) in).pairs());
        for (int i = 0; i < env.size(); i++) {
          namer.record("env[" + i + "]", in.line(), in.column(), "ENV");
        }
      } else if (in instanceof Cmd) {
        Cmd c = (Cmd) in;
        cmd = args(c.args(), c.shellForm());
        namer.record("cmd", c.line(), c.column(), "CMD");
      } else if (in instanceof Entrypoint) {
        Entrypoint e = (Entrypoint) in;
        entrypoint = args(e.args(), e.shellForm());
        namer.record("cmd", e.line(), e.column(), "ENTRYPOINT");
      } else if (in instanceof Workdir) {
        workdir = absolute(((Workdir) in).path(), workdir);
      } else if (in instanceof User) {
        user = ((User) in).user();
      }
    }

    UruncKeySpec keys = UruncKeySpec.of(labels, true);
    notes.addAll(keys.notes());
    if (keys.kernel() == null) {
      problem(namer.at(1, 1), "no LABEL " + UruncKeys.BINARY + " names the kernel; bunny would download a Linux "
          + "kernel from its own registry, and this plugin does not fetch anything behind your back",
          "COPY your kernel into the image and add LABEL " + UruncKeys.BINARY + "=<its path in the image>");
    }
    String cmdline = labels.get(UruncKeys.CMDLINE);
    if (cmd.isEmpty() && entrypoint.isEmpty() && cmdline != null && !cmdline.isBlank()) {
      cmd = ImageSpec.splitCmdline(cmdline); // docker and urunc v0.6+ need args; bunny#20 did the same for bunnyfiles
      notes.add("no CMD: the image Cmd is taken from the " + UruncKeys.CMDLINE + " label");
    }
    if (!problems.isEmpty()) {
      throw new SpecException(file.fileName(), problems, namer);
    }
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    TreeMap<String, String> sortedLabels = new TreeMap<>(labels);
    ImageSpec spec = new ImageSpec(file.fileName(), namer, keys.platform(), keys.kernel(), keys.rootfs(), entrypoint, cmd,
        envList, sortedLabels, sortedLabels, files, workdir, user, true, baseImage);
    return new Result(spec, notes);
  }

  private void copy(Copy c, String workdir, List<FileInclude> files) {
    if (c.from() != null && (isStage(c.from()) || c.from().matches("\\d+"))) {
      problem(namer.at(c.line(), c.column()) + " COPY", "COPY --from=" + c.from()
          + " names a build stage, and multi-stage Containerfiles are not supported", "COPY --from=<image> or local files");
      return;
    }
    String from = c.from() == null ? FileInclude.LOCAL : c.from();
    Integer mode = null;
    if (c.chmod() != null) {
      try {
        mode = Integer.parseInt(c.chmod(), 8);
      } catch (NumberFormatException e) {
        problem(namer.at(c.line(), c.column()) + " COPY", "--chmod=" + c.chmod() + " is not an octal mode", "e.g. --chmod=0755");
        return;
      }
    }
    if (c.chown() != null) {
      notes.add(namer.at(c.line(), c.column()) + " COPY --chown=" + c.chown() + " ignored: every file is owned by 0:0");
    }
    String dest = c.destination();
    if (c.sources().size() > 1 && !dest.endsWith("/")) {
      problem(namer.at(c.line(), c.column()) + " COPY", "several sources need a directory destination ending in '/'",
          "write " + dest + "/");
      return;
    }
    String target = absolute(dest, workdir) + (dest.endsWith("/") && !dest.equals("/") ? "/" : "");
    for (String source : c.sources()) {
      String field = "files[" + files.size() + "]";
      namer.record(field, c.line(), c.column(), "COPY");
      files.add(new FileInclude(from, source, target, field, mode));
    }
  }

  private boolean isStage(String from) {
    return file.stages().stream().anyMatch(s -> from.equalsIgnoreCase(s.name())); // stage names are lowercased
  }

  private void recordLabel(String key, Label l) {
    String field;
    switch (key) {
      case UruncKeys.UNIKERNEL_TYPE:
        field = "platform.framework";
        break;
      case UruncKeys.HYPERVISOR:
        field = "platform.monitor";
        break;
      case UruncKeys.UNIKERNEL_VERSION:
        field = "platform.version";
        break;
      case UruncKeys.BINARY:
        field = "kernel.path";
        break;
      case UruncKeys.INITRD:
      case UruncKeys.BLOCK:
        field = "rootfs.path";
        break;
      case UruncKeys.BLK_MNT_POINT:
        field = "rootfs.mountPoint";
        break;
      default:
        field = "annotations." + key;
    }
    namer.record(field, l.line(), l.column(), "LABEL " + key);
    if (!field.startsWith("annotations.")) {
      namer.record("annotations." + key, l.line(), l.column(), "LABEL " + key);
    }
  }

  /** Docker: the shell form runs through /bin/sh -c. */
  private static List<String> args(List<String> args, boolean shellForm) {
    return shellForm ? List.of("/bin/sh", "-c", String.join(" ", args)) : args;
  }

  /** Docker resolves relative WORKDIR and COPY destinations against the current WORKDIR. */
  private static String absolute(String path, String workdir) {
    if (path.startsWith("/")) {
      return path;
    }
    String base = workdir == null ? "/" : workdir;
    return base.endsWith("/") ? base + path : base + "/" + path;
  }

  private void problem(String at, String message, String fix) {
    problems.add(new SpecProblem(at, message, fix));
  }
}
