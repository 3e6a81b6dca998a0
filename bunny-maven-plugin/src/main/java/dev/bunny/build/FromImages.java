package dev.bunny.build;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.TreeException;
import dev.bunny.oci.ConfigProcess;
import dev.bunny.oci.Layer;
import dev.bunny.source.ImageReference;
import dev.bunny.source.SourceImage;
import dev.bunny.spec.FieldNamer;
import dev.bunny.spec.KernelFormat;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.ResolvedSpec.ImageSources;
import dev.bunny.urunc.UruncKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies what a spec takes from other images: copies the kernel and a prebuilt rootfs file out,
 * takes a base image's layers and hands its process settings on (its {@code Env} first, its
 * command, working directory and user unless the spec sets them, as {@code FROM} does), and
 * checks that what should already be in the base image is there.
 *
 * @param spec the spec with copied files and merged process settings
 * @param baseLayers the base image's layers, bottom first; empty without one
 * @param baseLabels the base image's labels, without urunc's keys (which describe the base, not this image)
 */
record FromImages(ResolvedSpec spec, List<Layer> baseLayers, SortedMap<String, String> baseLabels,
    SourceReader sources, FieldNamer namer) {

  static FromImages read(ResolvedSpec spec, FieldNamer namer, SourceReader sources) throws BuildFailure, IOException {
    ImageSources images = spec.images();
    List<Layer> baseLayers = List.of();
    SortedMap<String, String> baseLabels = new TreeMap<>();
    if (images.base() != null) {
      String what = namer.name(images.baseField());
      SourceImage base = sources.image(images.base(), what);
      baseLayers = sources.baseLayers(images.base(), what);
      ConfigProcess process;
      try {
        process = ConfigProcess.read(base.configJson(), "the config of " + images.base());
      } catch (IOException e) {
        throw new BuildFailure("cannot read the config of the base image " + images.base() + ": " + e.getMessage());
      }
      spec = merge(spec, process);
      process.labels().forEach((k, v) -> {
        if (!k.startsWith(UruncKeys.PREFIX)) {
          baseLabels.put(k, v);
        }
      });
    }
    if ("linux".equals(spec.framework()) && spec.cmd().isEmpty() && spec.entrypoint().isEmpty()) {
      throw new BuildFailure(namer.name("cmd") + ": a linux guest needs a command (urunc starts its first argument as"
          + " init), and neither the spec nor the base image " + images.base() + " sets one; set the command, e.g. /init");
    }
    if (images.kernel() != null && !images.kernelInBase()) {
      sources.image(images.kernel(), namer.name("kernel.from")); // resolved under the name of its field
      String what = namer.name("kernel.path");
      Path kernel = sources.extractFile(images.kernel(), images.kernelPath(), what);
      checkArchitecture(spec, kernel, images, what);
      spec = spec.withKernelFile(kernel);
    }
    if (images.rootfs() != null && !images.rootfsInBase()) {
      sources.image(images.rootfs(), namer.name("rootfs.from"));
      spec = spec.withRootfsFile(sources.extractFile(images.rootfs(), images.rootfsPath(), namer.name("rootfs.path")));
    }
    return new FromImages(spec, List.copyOf(baseLayers), baseLabels, sources, namer);
  }

  /**
   * Fails when the kernel or the rootfs file the annotations point at, and the build did not
   * place itself, is neither among the files it adds nor in the base image.
   */
  void checkPlaced(FileTree added) throws BuildFailure, IOException {
    ImageSources images = spec.images();
    if (images.kernelInBase() || (spec.kernelInFiles() && spec.kernelFile() == null)) {
      requireFile(added, spec.kernelTarget(), "kernel.path", "the kernel");
    }
    if (images.rootfsInBase() || (spec.rootfsInFiles() && spec.rootfsFile() == null)) {
      requireFile(added, spec.rootfsTarget(), "rootfs.path", "the " + spec.rootfsType().id() + " file");
    }
  }

  private void requireFile(FileTree added, String path, String field, String what) throws BuildFailure, IOException {
    String p;
    try {
      p = ArchivePath.normalize(path, field);
    } catch (TreeException e) {
      throw new BuildFailure(e.getMessage());
    }
    for (TreeEntry e : added.entries()) {
      if (e.path().equals(p) && e.kind() == TreeEntry.Kind.FILE) {
        return;
      }
    }
    ImageReference base = spec.images().base();
    if (base == null || !sources.isFile(base, path, namer.name(field))) {
      throw new BuildFailure(namer.name(field) + ": " + what + " is expected at " + path + ", but no copied file"
          + (base == null ? "" : " and nothing in the base image " + base) + " is a regular file there;"
          + " fix the path or copy the file there");
    }
  }

  /** {@code FROM} semantics: the base's environment first (ours wins per name), its command unless we set one. */
  private static ResolvedSpec merge(ResolvedSpec spec, ConfigProcess base) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : base.env()) {
      env.put(name(e), e);
    }
    for (String e : spec.env()) {
      env.remove(name(e));
      env.put(name(e), e);
    }
    boolean ownCommand = !spec.cmd().isEmpty() || !spec.entrypoint().isEmpty();
    return spec.withProcess(
        ownCommand ? spec.entrypoint() : base.entrypoint(),
        ownCommand ? spec.cmd() : base.cmd(),
        new ArrayList<>(env.values()),
        spec.workingDir() != null ? spec.workingDir() : base.workingDir(),
        spec.user() != null ? spec.user() : base.user());
  }

  private static String name(String env) {
    int eq = env.indexOf('=');
    return eq < 0 ? env : env.substring(0, eq);
  }

  private static void checkArchitecture(ResolvedSpec spec, Path kernel, ImageSources images, String what)
      throws BuildFailure, IOException {
    KernelFormat format = KernelFormat.read(kernel);
    if (format.architecture().isPresent() && format.architecture().get() != spec.architecture()) {
      String article = format.description().startsWith("ELF") ? "an " : "a ";
      throw new BuildFailure(what + ": " + images.kernelPath() + " in " + images.kernel() + " is " + article
          + format.description() + " kernel (" + format.architecture().get().oci() + "), but the image is built for "
          + spec.architecture().oci() + "; set platform.architecture to " + format.architecture().get().oci()
          + ", or take a kernel built for " + spec.architecture().oci());
    }
  }
}
