package dev.bunny.build;

import dev.bunny.cpio.InitrdFile;
import dev.bunny.cpio.NewcWriter;
import dev.bunny.fs.AtomicFiles;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeException;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.ImageConfig;
import dev.bunny.oci.Layer;
import dev.bunny.oci.LayerWriter;
import dev.bunny.oci.Manifest;
import dev.bunny.oci.OciArchiveWriter;
import dev.bunny.oci.OciImage;
import dev.bunny.oci.OciLayoutWriter;
import dev.bunny.oci.Platform;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import dev.bunny.urunc.UruncAnnotations;
import dev.bunny.urunc.UruncJson;
import dev.bunny.urunc.UruncKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds an image from a spec: validate, plan every tree, then write the layers, the config and
 * the manifest, and put the OCI layout, the OCI archive and the digest file in place atomically.
 *
 * <p>Layers, in order: a base image's layers (unchanged), the rootfs files (raw includes and extra files, when any), the rootfs file
 * (initrd or block image, when any), the kernel, {@code /urunc.json}. Keeping the kernel and the
 * rootfs apart means a registry re-receives only what changed.
 */
public final class ImageBuilder {

  private final BuildLog log;

  public ImageBuilder(BuildLog log) {
    this.log = log;
  }

  public BuildResult build(BuildRequest req) throws SpecException, TreeException, BuildFailure, IOException {
    ResolvedSpec spec = SpecValidator.validate(req.spec(), req.baseDir());
    checkOutputs(req);
    spec.notes().forEach(log::warn);
    long ts = req.timestamp();

    Path outputParent = req.layoutDir().toAbsolutePath().getParent();
    boolean parentExisted = Files.isDirectory(outputParent);
    Path work = AtomicFiles.sibling(req.layoutDir());
    Path layoutTmp = AtomicFiles.sibling(req.layoutDir());
    Path archiveTmp = AtomicFiles.sibling(req.archiveFile());
    boolean done = false;
    try {
      Files.createDirectories(work);
      // What comes from other images is read first, into the work directory: a missing image or
      // file fails the build before any output is written.
      SourceReader sources = new SourceReader(req.images(), spec, work.resolve("sources"), log);
      FromImages taken = FromImages.read(spec, req.spec().namer(), sources);
      spec = taken.spec();

      // Plan every tree before anything is written: bad input fails with no output touched.
      FileTree initrdTree = null;
      if (spec.buildsInitrd()) {
        initrdTree = RootfsTrees.fromIncludes(spec.rootfsIncludes(), sources);
        NewcWriter.checkLimits(initrdTree, ts);
      }
      List<ResolvedInclude> contentIncludes = new ArrayList<>(spec.files());
      if (spec.rootfsType() == RootfsType.RAW) {
        contentIncludes.addAll(spec.rootfsIncludes());
      }
      FileTree contentTree = RootfsTrees.fromIncludes(contentIncludes, sources);
      taken.checkPlaced(contentTree);
      ReservedPaths reserved = new ReservedPaths();
      if (spec.kernelLayer()) {
        reserved.reserve(spec.kernelTarget(), "the kernel");
      }
      if (spec.rootfsTarget() != null && !spec.rootfsInFiles()) {
        reserved.reserve(spec.rootfsTarget(), "the " + spec.rootfsType().id() + " rootfs file");
      }
      reserved.reserve(UruncKeys.URUNC_JSON_PATH, "urunc.json").check(contentTree);
      UruncAnnotations urunc = UruncAnnotations.of(spec);

      OciImage image;
      // Layers the build writes go into the archive while they are written (streamLayer), so
      // the archive costs no second pass over them.
      try (OciArchiveWriter archive = OciArchiveWriter.open(archiveTmp, ts)) {
        List<Layer> layers = new ArrayList<>(taken.baseLayers());
        if (!contentTree.isEmpty()) {
          layers.add(layer(archive, contentTree, req, work, "rootfs-files",
              "bunny: rootfs files (" + contentTree.entries().size() + " entries)"));
        }
        Path rootfsFile = spec.rootfsInFiles() ? null : spec.rootfsFile();
        if (initrdTree != null) {
          rootfsFile = work.resolve("initrd.cpio");
          InitrdFile.write(initrdTree, ts, rootfsFile);
          log.info("Built initrd: " + initrdTree.entries().size() + " entries, " + Files.size(rootfsFile) + " bytes");
        }
        if (rootfsFile != null) {
          String origin = "the " + spec.rootfsType().id() + " rootfs file";
          FileTree t = RootfsTrees.generated(rootfsFile, spec.rootfsTarget(), 0644, origin);
          layers.add(layer(archive, t, req, work, "rootfs", "bunny: " + spec.rootfsType().id() + " rootfs at " + spec.rootfsTarget()));
        }
        if (spec.kernelLayer()) {
          FileTree kernel = RootfsTrees.single(spec.kernelFile(), spec.kernelTarget(), "the kernel");
          layers.add(layer(archive, kernel, req, work, "kernel", "bunny: kernel at " + spec.kernelTarget()));
        }
        Path uruncJson = work.resolve("urunc.json");
        Files.write(uruncJson, UruncJson.render(urunc.uruncJson()));
        FileTree meta = RootfsTrees.generated(uruncJson, UruncKeys.URUNC_JSON_PATH, UruncJson.MODE, "urunc.json");
        layers.add(layer(archive, meta, req, work, "urunc-json", "bunny: urunc.json"));

        image = assemble(spec, urunc, taken.baseLabels(), layers, ts);
        OciLayoutWriter.write(image, req.name(), layoutTmp);
        archive.finish(image, req.name());
      }

      // The digest file goes last: it names the image the other two outputs hold.
      AtomicFiles.commitFile(archiveTmp, req.archiveFile());
      AtomicFiles.commitDirectory(layoutTmp, req.layoutDir());
      AtomicFiles.writeString(req.digestFile(), image.manifestDigest() + "\n");
      done = true;
      return new BuildResult(image.manifestDigest(), req.name().references(), req.layoutDir(), req.archiveFile(),
          Files.size(req.archiveFile()));
    } finally {
      AtomicFiles.deleteQuietly(work);
      AtomicFiles.deleteQuietly(layoutTmp);
      AtomicFiles.deleteQuietly(archiveTmp);
      if (!done && !parentExisted) {
        deleteIfEmpty(outputParent); // a failed first build leaves no trace
      }
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException notEmptyOrBusy) {
      // something else lives there: leave it
    }
  }

  /** Outputs that cannot be replaced fail before anything is written, so nothing is left half done. */
  private static void checkOutputs(BuildRequest req) throws BuildFailure {
    for (Path file : List.of(req.archiveFile(), req.digestFile())) {
      if (Files.isDirectory(file)) {
        throw new BuildFailure(file + " is a directory, but the build writes a file there; remove it or choose another path");
      }
    }
    if (Files.exists(req.layoutDir()) && !Files.isDirectory(req.layoutDir())) {
      throw new BuildFailure(req.layoutDir() + " is a file, but the build writes the OCI layout directory there; "
          + "remove it or choose another path");
    }
  }

  private static Layer layer(OciArchiveWriter archive, FileTree tree, BuildRequest req, Path work, String name,
      String createdBy) throws IOException {
    Path file = work.resolve(name + ".layer");
    return archive.streamLayer(copy -> LayerWriter.write(tree, req.timestamp(), req.compression(), file, createdBy, copy));
  }

  private static OciImage assemble(ResolvedSpec spec, UruncAnnotations urunc, SortedMap<String, String> baseLabels,
      List<Layer> layers, long ts) {
    Instant created = Instant.ofEpochSecond(ts);
    Platform platform = new Platform("linux", spec.architecture().oci());
    ImageConfig config = ImageConfig.builder()
        .created(created)
        .architecture(platform.architecture())
        .os(platform.os())
        .env(spec.env())
        .entrypoint(spec.entrypoint().isEmpty() ? null : spec.entrypoint())
        .cmd(spec.cmd().isEmpty() ? null : spec.cmd())
        .workingDir(spec.workingDir())
        .user(spec.user())
        .labels(merged(baseLabels, urunc.labels()))
        .layers(layers)
        .build();
    byte[] configJson = config.toJson();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (Layer l : layers) {
      layerDescriptors.add(l.descriptor());
    }
    Manifest manifest = new Manifest(Descriptor.ofConfig(configJson), layerDescriptors, urunc.annotations());
    return new OciImage(configJson, manifest.toJson(), layers, platform);
  }

  private static SortedMap<String, String> merged(SortedMap<String, String> base, SortedMap<String, String> ours) {
    SortedMap<String, String> all = new TreeMap<>(base);
    all.putAll(ours);
    return all;
  }
}
