package dev.bunny.build;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.TreeException;
import dev.bunny.oci.Layer;
import dev.bunny.source.ImageFilesystem;
import dev.bunny.source.ImageReference;
import dev.bunny.source.ImageResolver;
import dev.bunny.source.PlatformChoice;
import dev.bunny.source.SourceImage;
import dev.bunny.source.SourceLayer;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one build takes from other images: each image is resolved and scanned once, files are
 * copied out into the build's work directory, and a base image's layers are reused as they are
 * (same blobs, same digests).
 */
final class SourceReader {

  /** unikraft.org publishes kernels under {@code <monitor>/<arch>} platforms, as kraftkit does. */
  private static final String UNIKRAFT_REGISTRY = "unikraft.org/";

  private final ImageResolver resolver;
  private final String architecture;
  private final String monitorOs;
  private final Path workDir;
  private final BuildLog log;
  private final Map<ImageReference, SourceImage> images = new HashMap<>();
  private final Map<ImageReference, ImageFilesystem> filesystems = new HashMap<>();
  private int extracted;

  SourceReader(ImageResolver resolver, ResolvedSpec spec, Path workDir, BuildLog log) {
    this.resolver = resolver;
    this.architecture = spec.architecture().oci();
    this.monitorOs = "firecracker".equals(spec.monitor()) ? "fc" : spec.monitor();
    this.workDir = workDir;
    this.log = log;
  }

  /**
   * The platform wanted from {@code ref}: the build's architecture, with {@code linux} first, and
   * the monitor's name ({@code qemu}, {@code fc}) also accepted, first for unikraft.org images.
   */
  PlatformChoice platformFor(ImageReference ref) {
    List<String> os = new ArrayList<>();
    if (monitorOs != null && ref.toString().startsWith(UNIKRAFT_REGISTRY)) {
      os.add(monitorOs);
    }
    if (!os.contains("linux")) {
      os.add("linux");
    }
    if (monitorOs != null && !os.contains(monitorOs)) {
      os.add(monitorOs);
    }
    return new PlatformChoice(architecture, os);
  }

  SourceImage image(ImageReference ref, String what) throws BuildFailure, IOException {
    SourceImage image = images.get(ref);
    if (image == null) {
      if (resolver == null) {
        throw new BuildFailure(what + " takes files from the image " + ref + ", but this build cannot read images");
      }
      image = resolver.resolve(ref, platformFor(ref), what);
      log.info("Using " + ref + " (" + image.manifestDigest() + ", " + image.platform() + ", "
          + image.layers().size() + " layer" + (image.layers().size() == 1 ? "" : "s") + ") for " + what);
      images.put(ref, image);
    }
    return image;
  }

  ImageFilesystem filesystem(ImageReference ref, String what) throws BuildFailure, IOException {
    ImageFilesystem fs = filesystems.get(ref);
    if (fs == null) {
      fs = ImageFilesystem.scan(image(ref, what));
      List<String> skipped = fs.skipped();
      if (!skipped.isEmpty()) {
        log.warn("the image " + ref + " holds " + skipped.size() + " entr" + (skipped.size() == 1 ? "y" : "ies")
            + " that cannot be packaged and are left out, e.g. " + skipped.get(0));
      }
      filesystems.put(ref, fs);
    }
    return fs;
  }

  /** Copies the regular file at {@code path} of {@code ref} into the work directory. */
  Path extractFile(ImageReference ref, String path, String what) throws BuildFailure, IOException {
    Files.createDirectories(workDir);
    Path target = workDir.resolve("file-" + (extracted++));
    filesystem(ref, what).extractFile(path, target, what + " (" + path + " in " + ref + ")");
    return target;
  }

  /** The entries an include from an image adds to a tree. */
  List<TreeEntry> copy(ResolvedInclude inc) throws BuildFailure, IOException {
    String dest;
    try {
      dest = ArchivePath.normalize(inc.destination(), inc.origin());
    } catch (TreeException e) {
      throw new BuildFailure(e.getMessage());
    }
    return filesystem(inc.image(), inc.origin()).copy(inc.imagePath(), dest, inc.destination().endsWith("/"),
        inc.origin(), workDir.resolve("copies"));
  }

  /** The base image's layers, as layers of the image being built. */
  List<Layer> baseLayers(ImageReference ref, String what) throws BuildFailure, IOException {
    SourceImage image = image(ref, what);
    List<Layer> layers = new ArrayList<>();
    int n = 0;
    for (SourceLayer l : image.layers()) {
      n++;
      layers.add(new Layer(l.blob(), l.descriptor(), l.diffId(), "bunny: layer " + n + " of " + ref));
    }
    return layers;
  }

  /** Whether {@code path} is a regular file in {@code ref}. */
  boolean isFile(ImageReference ref, String path, String what) throws BuildFailure, IOException {
    return filesystem(ref, what).isFile(path);
  }
}
