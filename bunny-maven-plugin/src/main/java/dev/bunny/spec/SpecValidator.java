package dev.bunny.spec;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.TreeException;
import dev.bunny.source.ImageReference;
import dev.bunny.spec.ResolvedSpec.ImageSources;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import dev.bunny.urunc.UruncKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a spec against urunc's rules and the files on disk, applies the defaults, and reports
 * every problem at once. One method per rule group, in the order a reader checks a bunnyfile.
 */
public final class SpecValidator {

  private final ImageSpec spec;
  private final Path baseDir;
  private final List<SpecProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** What comes from images, collected while the kernel and rootfs are checked. */
  private ImageReference baseImage;
  private String baseField;
  private ImageReference kernelImage;
  private String kernelImagePath;
  private ImageReference rootfsImage;
  private String rootfsImagePath;

  private SpecValidator(ImageSpec spec, Path baseDir) {
    this.spec = spec;
    this.baseDir = baseDir;
  }

  /** Validates {@code spec}, resolving local paths against {@code baseDir}. */
  public static ResolvedSpec validate(ImageSpec spec, Path baseDir) throws SpecException {
    return new SpecValidator(spec, baseDir).run();
  }

  /**
   * Validates only what building an initrd needs (the rootfs includes), for the {@code initrd}
   * goal, which works without a kernel or platform.
   */
  public static List<ResolvedInclude> validateInitrd(ImageSpec spec, Path baseDir) throws SpecException {
    SpecValidator v = new SpecValidator(spec, baseDir);
    RootfsSpec rootfs = spec.rootfs();
    if (rootfs.includes().isEmpty()) {
      v.problem("rootfs.includes", "is empty, so there is nothing to put into the initrd",
          "list files and directories as source:destination");
    }
    if (rootfs.type() != null && rootfs.type() != RootfsType.INITRD) {
      v.problem("rootfs.type", "is " + rootfs.type().id() + "; only an initrd is built by this goal", "use type initrd");
    }
    List<ResolvedInclude> includes = v.includes(rootfs.includes());
    if (!v.problems.isEmpty()) {
      throw new SpecException(spec.source(), v.problems, spec.namer());
    }
    return includes;
  }

  private ResolvedSpec run() throws SpecException {
    String framework = name("platform.framework", spec.platform().framework(), true);
    String monitor = name("platform.monitor", spec.platform().monitor(), false);
    checkPair(framework, monitor);
    String version = blankToNull(spec.platform().version());
    checkVersion(framework, version);
    Architecture declared = architecture();
    if (spec.baseImage() != null) {
      baseField = "baseImage";
      baseImage = reference(baseField, spec.baseImage());
    }
    List<ResolvedInclude> files = includes(spec.files());
    Path kernelFile = kernelFile(files);
    Architecture arch = reconcileArchitecture(declared, kernelFile);
    boolean kernelInFiles = spec.kernel() != null && spec.kernel().isInFiles();
    String kernelTarget = kernelInFiles
        ? target("kernel.path", spec.kernel().path(), KernelSpec.DEFAULT_TARGET)
        : target("kernel.target", spec.kernel() == null ? null : spec.kernel().target(), KernelSpec.DEFAULT_TARGET);

    RootfsSpec rootfs = spec.rootfs();
    RootfsType type = rootfsType(framework, monitor, rootfs);
    Path rootfsFile = rootfsFile(rootfs, type, files);
    List<ResolvedInclude> includes = new ArrayList<>();
    if (isImage(rootfs) && !hasPath(rootfs) && type == RootfsType.RAW) {
      baseField = "rootfs.from";
      baseImage = reference(baseField, rootfs.from());
    } else if (isImage(rootfs) && !hasPath(rootfs) && type == RootfsType.INITRD) {
      ImageReference ref = reference("rootfs.from", rootfs.from());
      if (ref != null) {
        includes.add(ResolvedInclude.fromImage(ref, "/", "/", spec.namer().name("rootfs.from") + " " + ref, null, true));
      }
    }
    includes.addAll(includes(rootfs.includes()));
    if (!kernelInFiles && kernelImage != null && kernelImage.equals(baseImage)) {
      // the kernel stays where it is in the base image, and urunc is pointed there
      kernelTarget = target("kernel.path", kernelImagePath, KernelSpec.DEFAULT_TARGET);
    }
    boolean hasFile = type == RootfsType.INITRD || type == RootfsType.BLOCK;
    String rootfsTarget = !hasFile ? null
        : rootfs.isInFiles() ? target("rootfs.path", rootfs.path(), RootfsSpec.DEFAULT_TARGET)
        : target("rootfs.target", rootfs.target(), RootfsSpec.DEFAULT_TARGET);
    String mountPoint = mountPoint(framework, rootfs, type);

    checkCommand(framework);
    checkEnv();
    checkAnnotationOverrides();

    if (!problems.isEmpty()) {
      throw new SpecException(spec.source(), problems, spec.namer());
    }
    return new ResolvedSpec(framework, monitor, version, arch, kernelFile, kernelTarget, type, rootfsFile, includes,
        rootfsTarget, mountPoint, spec.entrypoint(), spec.cmd(), spec.env(), spec.labels(), spec.annotations(), files,
        List.copyOf(notes), kernelInFiles, hasFile && rootfs.isInFiles(), spec.workingDir(), spec.user(),
        spec.labelsInUruncJson(), new ImageSources(baseImage, baseField, kernelImage, kernelImagePath, rootfsImage,
            rootfsImagePath));
  }

  // --- platform -------------------------------------------------------------------------------

  private String name(String field, String value, boolean framework) {
    String accepted = framework ? GuestRules.knownFrameworks() : GuestRules.knownMonitors();
    if (value == null || value.isBlank()) {
      problem(field, "is required", "one of: " + accepted);
      return null;
    }
    String v = value.trim();
    if (!GuestRules.NAME.matcher(v).matches()) {
      problem(field, "'" + v + "' is not a valid name", "lowercase letters, digits, '.', '_' and '-'; known: " + accepted);
      return null;
    }
    boolean known = framework ? GuestRules.isKnownFramework(v) : GuestRules.isKnownMonitor(v);
    if (!known) {
      notes.add(spec.namer().name(field) + ": '" + v + "' is not one urunc is known to support (known: " + accepted
          + "); building anyway");
    }
    return v;
  }

  private void checkPair(String framework, String monitor) {
    if (framework == null || monitor == null) {
      return;
    }
    List<String> monitors = GuestRules.monitorsFor(framework);
    if (!monitors.isEmpty() && GuestRules.isKnownMonitor(monitor) && !monitors.contains(monitor)) {
      problem("platform.monitor", "urunc cannot run " + framework + " on '" + monitor + "'",
          "urunc runs " + framework + " on: " + String.join(", ", monitors));
    }
  }

  private void checkVersion(String framework, String version) {
    // urunc uses the current command-line form for versions it cannot parse, so only numbers count
    if ("unikraft".equals(framework) && version != null && version.matches("[vV]?\\d+(\\.\\d+)*([-+].*)?")
        && Versions.compare(version, "0.16.1") < 0) {
      notes.add(spec.namer().name("platform.version") + ": Unikraft " + version
          + " is older than 0.16.1, so urunc passes it the old command-line form and drops environment variables");
    }
  }

  private Architecture architecture() {
    String text = spec.platform().architecture();
    if (text == null || text.isBlank()) {
      return null;
    }
    return Architecture.parse(text).orElseGet(() -> {
      problem("platform.architecture", "'" + text.trim() + "' is not an architecture urunc images run on", "accepted: " + Architecture.ACCEPTED);
      return null;
    });
  }

  // --- kernel ---------------------------------------------------------------------------------

  private Path kernelFile(List<ResolvedInclude> files) {
    KernelSpec kernel = spec.kernel();
    if (kernel == null || kernel.path() == null || kernel.path().isBlank()) {
      problem("kernel.path", "is required", "the unikernel binary to package, relative to the project directory");
      return null;
    }
    if (kernel.isInFiles()) {
      Path found = InFiles.locate(kernel.path().trim(), files);
      if (found == null && baseImage == null && files.stream().noneMatch(ResolvedInclude::isFromImage)) {
        problem("kernel.path", "no copied file lands at " + kernel.path().trim(),
            "copy the kernel to that path, or point the binary path at the copied kernel");
      } else if (found == null && baseImage != null) {
        // not among the local copies: the build looks for it in the image's files and its base
        kernelImage = baseImage;
        kernelImagePath = kernel.path().trim();
      }
      return found;
    }
    if (!kernel.isLocal()) {
      kernelImage = reference("kernel.from", kernel.from());
      kernelImagePath = kernel.path().trim();
      return null;
    }
    Path file = resolve(kernel.path().trim());
    if (file == null) {
      problem("kernel.path", "'" + kernel.path().trim() + "' is not a usable file name", "name the kernel file");
      return null;
    }
    if (!Files.exists(file)) {
      problem("kernel.path", "file '" + file + "' does not exist", "build the unikernel first or fix the path");
      return null;
    }
    if (!Files.isRegularFile(file)) {
      problem("kernel.path", "'" + file + "' is not a regular file", "name the kernel binary itself");
      return null;
    }
    return file;
  }

  private Architecture reconcileArchitecture(Architecture declared, Path kernelFile) {
    if (kernelFile == null) {
      return declared == null ? Architecture.AMD64 : declared;
    }
    KernelFormat format;
    try {
      format = KernelFormat.read(kernelFile);
    } catch (IOException e) {
      problem("kernel.path", "cannot read '" + kernelFile + "': " + e.getMessage(), "");
      return declared;
    }
    if (format.recognised() && format.architecture().isEmpty()) {
      problem("kernel.path", "'" + kernelFile.getFileName() + "' is " + (format.description().startsWith("ELF") ? "an " : "a ")
          + format.description() + " kernel",
          "urunc images run on amd64 and arm64; package a kernel built for one of them");
      return declared;
    }
    if (declared != null && format.architecture().isPresent() && format.architecture().get() != declared) {
      problem("platform.architecture", "is " + declared.oci() + " but the kernel '" + kernelFile.getFileName() + "' is "
          + (format.description().startsWith("ELF") ? "an " : "a ") + format.description() + " (" + format.architecture().get().oci() + ")",
          "set the architecture to " + format.architecture().get().oci() + " or package the " + declared.oci() + " kernel");
      return declared;
    }
    if (declared != null) {
      return declared;
    }
    if (format.architecture().isPresent()) {
      return format.architecture().get();
    }
    notes.add("kernel '" + kernelFile.getFileName() + "' is in a format the plugin cannot read; image architecture "
        + "defaults to amd64 (set " + spec.namer().name("platform.architecture") + " to choose)");
    return Architecture.AMD64;
  }

  // --- rootfs ---------------------------------------------------------------------------------

  private RootfsType rootfsType(String framework, String monitor, RootfsSpec rootfs) {
    if (rootfs.isAbsent()) {
      return RootfsType.NONE;
    }
    boolean image = isImage(rootfs);
    boolean hasPath = hasPath(rootfs);
    if (rootfs.isScratch() && hasPath) {
      problem("rootfs.path", "a prebuilt rootfs file needs from=local", "set rootfs from to local, or drop the path and use includes");
    } else if (hasPath && rootfs.type() == RootfsType.RAW) {
      problem("rootfs.type", "raw copies files into the image rootfs and cannot use the prebuilt file '" + rootfs.path() + "'",
          "use type initrd or block for a prebuilt file, or includes for raw");
    } else if (rootfs.isLocal() && rootfs.type() == RootfsType.RAW) {
      problem("rootfs.from", "a raw rootfs cannot come from a local file", "use from scratch with includes");
    }
    if ((rootfs.isLocal() || (image && hasPath)) && !rootfs.includes().isEmpty()) {
      problem("rootfs.includes", "files cannot be added to a prebuilt rootfs file",
          "drop the includes, or build the rootfs from scratch with includes only");
    }
    if (rootfs.isLocal() && !hasPath) {
      problem("rootfs.path", "is required when the rootfs comes from a local file", "the prebuilt initrd or block image");
    }
    RootfsType type = rootfs.type();
    if (type == null) {
      type = defaultType(framework, rootfs);
    }
    if (type == RootfsType.NONE && (!rootfs.includes().isEmpty() || hasPath)) {
      problem("rootfs.type", "none cannot have includes or a prebuilt file", "drop them, or choose " + RootfsType.ACCEPTED);
    }
    if (type == RootfsType.BLOCK && (rootfs.isScratch() || (image && !hasPath))) {
      problem("rootfs.type", "building block images is not supported", "give a prebuilt image: from local with a path");
    }
    if (framework != null) {
      String why = GuestRules.whyNot(framework, monitor, type);
      if (why != null) {
        problem("rootfs.type", why, "accepted for " + framework + (monitor == null ? "" : " on " + monitor) + ": "
            + GuestRules.acceptedTypes(framework, monitor));
      }
      if (type == RootfsType.RAW && "rumprun".equals(framework)) {
        notes.add("a raw rootfs reaches rumprun as the container snapshot: urunc needs the devmapper snapshotter "
            + "with ext2, and the guest sees the files under /data");
      }
    }
    return type;
  }

  /** bunny's default, except where bunny's default leaves a prebuilt file unused. */
  private RootfsType defaultType(String framework, RootfsSpec rootfs) {
    if (!hasPath(rootfs) || rootfs.isScratch()) {
      return framework == null ? RootfsType.RAW : GuestRules.defaultType(framework);
    }
    RootfsType type = framework != null && GuestRules.whyNot(framework, null, RootfsType.INITRD) != null
        ? RootfsType.BLOCK : RootfsType.INITRD;
    notes.add(spec.namer().name("rootfs.type") + " not set: the prebuilt file '" + rootfs.path() + "' is packaged as "
        + (type == RootfsType.INITRD ? "an initrd" : "a block image") + " (set the type to choose)");
    return type;
  }

  private Path rootfsFile(RootfsSpec rootfs, RootfsType type, List<ResolvedInclude> files) {
    if (rootfs.isInFiles() && rootfs.path() != null && (type == RootfsType.INITRD || type == RootfsType.BLOCK)) {
      Path found = InFiles.locate(rootfs.path().trim(), files);
      if (found == null && baseImage == null && files.stream().noneMatch(ResolvedInclude::isFromImage)) {
        problem("rootfs.path", "no copied file lands at " + rootfs.path().trim(),
            "copy the " + type.id() + " file to that path, or point the " + type.id() + " path at the copied file");
      } else if (found == null && baseImage != null) {
        rootfsImage = baseImage; // the build looks for it in the image's files and its base
        rootfsImagePath = rootfs.path().trim();
      }
      return found;
    }
    if (isImage(rootfs) && hasPath(rootfs) && (type == RootfsType.INITRD || type == RootfsType.BLOCK)) {
      rootfsImage = reference("rootfs.from", rootfs.from());
      rootfsImagePath = rootfs.path().trim();
      return null;
    }
    if (!rootfs.isLocal() || rootfs.path() == null || rootfs.path().isBlank()
        || !(type == RootfsType.INITRD || type == RootfsType.BLOCK)) {
      return null;
    }
    Path file = resolve(rootfs.path().trim());
    if (file == null || !Files.isRegularFile(file)) {
      problem("rootfs.path", "file '" + (file == null ? rootfs.path().trim() : file) + "' "
          + (file != null && Files.exists(file) ? "is not a regular file" : "does not exist"),
          "the prebuilt " + type.id() + " file, relative to the project directory");
      return null;
    }
    return file;
  }

  private String mountPoint(String framework, RootfsSpec rootfs, RootfsType type) {
    if (type != RootfsType.BLOCK) {
      if (rootfs.mountPoint() != null && !rootfs.mountPoint().isBlank()) {
        problem("rootfs.mountPoint", "only a block rootfs has a mount point", "drop it or use type block");
      }
      return null;
    }
    String mp = rootfs.mountPoint() == null || rootfs.mountPoint().isBlank()
        ? GuestRules.defaultMountPoint(framework) : rootfs.mountPoint().trim();
    String why = GuestRules.pathProblem(mp, true);
    if (why != null) {
      problem("rootfs.mountPoint", why, GuestRules.PATH_RULE);
    }
    return mp;
  }

  private List<ResolvedInclude> includes(List<FileInclude> includes) {
    List<ResolvedInclude> resolved = new ArrayList<>();
    for (FileInclude inc : includes) {
      String origin = spec.namer().name(inc.field()) + " " + inc + (inc.isLocal() ? "" : " from " + inc.from());
      try {
        ArchivePath.normalize(inc.destination(), origin);
      } catch (TreeException e) {
        problem(inc.field(), "destination '" + inc.destination() + "' leaves the image root",
            "destinations must stay inside the root; write an absolute path such as /conf/file");
        continue;
      }
      if (!inc.isLocal()) {
        ImageReference ref = reference(inc.field(), inc.from());
        if (ref != null && Globs.isPattern(inc.source())) {
          problem(inc.field(), "wildcards in '" + inc.source() + "' are not supported for files from an image",
              "name the file or directory in the image");
        } else if (ref != null) {
          resolved.add(ResolvedInclude.fromImage(ref, inc.source(), inc.destination(), origin, inc.mode(), false));
        }
        continue;
      }
      if (Globs.isPattern(inc.source())) {
        List<Path> matches;
        try {
          matches = Globs.expand(baseDir, inc.source());
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
          problem(inc.field(), "cannot expand '" + inc.source() + "': " + e.getMessage(),
              "wildcards are *, ? and [...] in file names");
          continue;
        }
        if (matches.isEmpty()) {
          problem(inc.field(), "'" + inc.source() + "' matches no file", "paths are relative to the project directory");
        } else if (matches.size() > 1 && !inc.destination().endsWith("/")) {
          problem(inc.field(), "'" + inc.source() + "' matches " + matches.size() + " files but the destination '"
              + inc.destination() + "' is not a directory", "end the destination with '/'");
        }
        for (Path m : matches) {
          resolved.add(new ResolvedInclude(m, inc.destination(), origin, inc.mode()));
        }
        continue;
      }
      Path source = resolve(inc.source());
      if (source == null || !Files.exists(source)) {
        problem(inc.field(), "source '" + (source == null ? inc.source() : source) + "' does not exist",
            "paths are relative to the project directory");
        continue;
      }
      resolved.add(new ResolvedInclude(source, inc.destination(), origin, inc.mode()));
    }
    return resolved;
  }

  private static boolean isImage(RootfsSpec rootfs) {
    return !rootfs.isScratch() && !rootfs.isLocal() && !rootfs.isInFiles();
  }

  private static boolean hasPath(RootfsSpec rootfs) {
    return rootfs.path() != null && !rootfs.path().isBlank();
  }

  /** An image reference, or null after recording why it is not one. */
  private ImageReference reference(String field, String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      problem(field, e.getMessage(), ""); // the message already says what is accepted
      return null;
    }
  }

  private String target(String field, String value, String defaultValue) {
    String t = value == null || value.isBlank() ? defaultValue : value.trim();
    String why = GuestRules.pathProblem(t, false);
    if (why != null) {
      problem(field, why, GuestRules.PATH_RULE);
    }
    return t;
  }

  // --- process and metadata -------------------------------------------------------------------

  private void checkCommand(String framework) {
    // with a base image the command may come from it; the build checks once it has read it
    if ("linux".equals(framework) && spec.cmd().isEmpty() && spec.entrypoint().isEmpty() && baseImage == null) {
      problem("cmd", "a linux guest needs a command: urunc starts its first argument as init", "set the command, e.g. /init");
    }
  }

  private void checkEnv() {
    for (int i = 0; i < spec.env().size(); i++) {
      String e = spec.env().get(i);
      int eq = e.indexOf('=');
      if (eq <= 0) {
        problem("env[" + i + "]", "'" + e + "' is not KEY=VALUE", "write a name, '=' and a value");
      }
    }
  }

  private void checkAnnotationOverrides() {
    for (Map.Entry<String, String> a : spec.annotations().entrySet()) {
      String key = a.getKey();
      String value = a.getValue() == null ? "" : a.getValue();
      if (UruncKeys.PATH_KEYS.contains(key) && !value.isEmpty()) {
        String why = GuestRules.pathProblem(value, key.equals(UruncKeys.BLK_MNT_POINT));
        if (why != null) {
          problem("annotations." + key, why, GuestRules.PATH_RULE);
        }
      }
      if (UruncKeys.MANDATORY_KEYS.contains(key) && value.isBlank()) {
        problem("annotations." + key, "is empty, but urunc requires it", "give a value or drop the override");
      }
      if (UruncKeys.BOOLEAN_KEYS.contains(key) && !value.isEmpty() && !UruncKeys.isGoBool(value)) {
        problem("annotations." + key, "'" + value + "' is not a boolean", "true or false");
      }
    }
  }

  /** {@code path} against the base directory, or null when it cannot name a file here (a NUL, say). */
  private Path resolve(String path) {
    try {
      return baseDir.resolve(path).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  private void problem(String field, String message, String fix) {
    problems.add(new SpecProblem(field, message, fix));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
