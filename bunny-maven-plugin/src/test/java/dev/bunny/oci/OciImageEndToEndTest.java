package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a small urunc-style image (kernel layer + urunc.json layer, labels, annotations), writes
 * it as a layout and as an archive, and checks the result with skopeo, umoci and our reader.
 */
class OciImageEndToEndTest {

  private static final long MTIME = 1_712_345_678L;
  private static final ImageName NAME = ImageName.parse("urunc/prebuilt/redis:test", List.of("1.0"));

  @TempDir Path tmp;

  private byte[] kernel;
  private byte[] uruncJson;
  private OciImage image;
  private Path layout;
  private FileTree kernelTree;
  private FileTree metaTree;

  @BeforeEach
  void buildImage() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    kernel = new byte[1024 * 1024 + 17];
    new Random(1).nextBytes(kernel);
    Path kernelFile = Files.write(src.resolve("kernel"), kernel);
    Files.setPosixFilePermissions(kernelFile, PosixFilePermissions.fromString("rwxr-xr-x"));
    uruncJson = "{\"com.urunc.unikernel.binary\":\"Ly5ib290L2tlcm5lbA==\"}".getBytes(StandardCharsets.UTF_8);
    Path uruncFile = Files.write(src.resolve("urunc.json"), uruncJson);
    Files.setPosixFilePermissions(uruncFile, PosixFilePermissions.fromString("rw-r--r--"));

    kernelTree = new FileTreeBuilder().add(kernelFile, "/.boot/kernel", "kernel").build();
    metaTree = new FileTreeBuilder().add(uruncFile, "/urunc.json", "urunc.json").build();
    Path work = Files.createDirectories(tmp.resolve("work"));
    List<Layer> layers = List.of(
        LayerWriter.write(kernelTree, MTIME, Compression.GZIP, work.resolve("kernel.layer"), "bunny: kernel"),
        LayerWriter.write(metaTree, MTIME, Compression.GZIP, work.resolve("meta.layer"), "bunny: urunc.json"));

    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("com.urunc.unikernel.binary", "/.boot/kernel");
    labels.put("com.urunc.unikernel.hypervisor", "qemu");
    ImageConfig config = ImageConfig.builder()
        .created(java.time.Instant.ofEpochSecond(MTIME))
        .cmd(List.of("-c", "/redis.conf"))
        .labels(labels)
        .layers(layers)
        .build();
    image = OciImage.of(config, layers, labels);
    layout = tmp.resolve("out/layout");
    OciLayoutWriter.write(image, NAME, layout);
  }

  @Test
  void skopeoReadsTheExactManifestAndConfigFromTheLayout() throws Exception {
    Tools.assumeTool(Tools.SKOPEO);
    for (String tag : NAME.tags()) {
      Tools.Result manifest = Tools.run(tmp, Tools.SKOPEO, "inspect", "--raw", "oci:" + layout + ":" + tag);
      assertThat(manifest.exitCode()).as(manifest.toString()).isZero();
      assertThat(manifest.stdout()).isEqualTo(image.manifestJson());

      Tools.Result config = Tools.run(tmp, Tools.SKOPEO, "inspect", "--config", "--raw", "oci:" + layout + ":" + tag);
      assertThat(config.exitCode()).as(config.toString()).isZero();
      assertThat(config.stdout()).isEqualTo(image.configJson());
    }
  }

  @Test
  void umociUnpacksTheInputFilesByteForByte() throws Exception {
    Tools.assumeTool(Tools.UMOCI);
    Path bundle = tmp.resolve("bundle");
    Tools.Result r = Tools.run(tmp, Tools.UMOCI, "unpack", "--rootless", "--image", layout + ":test", bundle.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path rootfs = bundle.resolve("rootfs");
    assertThat(Files.readAllBytes(rootfs.resolve(".boot/kernel"))).isEqualTo(kernel);
    assertThat(Files.readAllBytes(rootfs.resolve("urunc.json"))).isEqualTo(uruncJson);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve(".boot/kernel"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.getLastModifiedTime(rootfs.resolve("urunc.json")).toMillis()).isEqualTo(MTIME * 1000);
  }

  @Test
  void theArchiveIsReproducibleAndSkopeoAcceptsIt() throws Exception {
    Path a = tmp.resolve("a/image.tar");
    Path b = tmp.resolve("b/image.tar");
    OciArchiveWriter.write(image, NAME, MTIME, a);
    OciArchiveWriter.write(image, NAME, MTIME, b);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1L);

    Tools.assumeTool(Tools.SKOPEO);
    Tools.Result inspect = Tools.run(tmp, Tools.SKOPEO, "inspect", "oci-archive:" + a + ":1.0");
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(inspect.out()).contains("\"Digest\": \"" + image.manifestDigest() + "\"").contains("\"Architecture\": \"amd64\"");

    Tools.Result raw = Tools.run(tmp, Tools.SKOPEO, "inspect", "--raw", "oci-archive:" + a + ":test");
    assertThat(raw.stdout()).as(raw.toString()).isEqualTo(image.manifestJson());

    Path copy = tmp.resolve("copy");
    Tools.Result cp = Tools.run(tmp, Tools.SKOPEO, "--insecure-policy", "copy", "oci-archive:" + a + ":test", "oci:" + copy + ":t");
    assertThat(cp.exitCode()).as(cp.toString()).isZero();
    OciLayoutReader.Image copied = OciLayoutReader.read(copy, "t");
    assertThat(copied.manifestDigest()).isEqualTo(image.manifestDigest()); // copied unchanged
    assertThat(OciLayoutReader.readFile(copy, copied, "/urunc.json")).hasValue(uruncJson);
  }

  @Test
  void archiveEntriesComeInTheFixedOrderWithFixedHeaders() throws Exception {
    Path tar = tmp.resolve("image.tar");
    OciArchiveWriter.write(image, NAME, MTIME, tar);

    List<String> blobs = new ArrayList<>();
    for (Layer l : image.layers()) {
      blobs.add(l.descriptor().digest().blobPath());
    }
    blobs.add(image.configDigest().blobPath());
    blobs.add(image.manifestDigest().blobPath());
    blobs.sort(null);
    List<String> expected = new ArrayList<>(List.of("oci-layout", "blobs/", "blobs/sha256/"));
    expected.addAll(blobs);
    expected.addAll(List.of("index.json", "manifest.json"));

    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        assertThat(e.getLastModifiedTime().toInstant().getEpochSecond()).isEqualTo(MTIME);
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getMode() & 07777).isEqualTo(e.isDirectory() ? 0755 : 0644);
        if (e.getName().startsWith("blobs/sha256/") && !e.isDirectory()) {
          // every blob is stored under its own digest
          assertThat(Digest.of(in.readAllBytes()).blobPath()).isEqualTo(e.getName());
        }
        if (e.getName().equals("manifest.json")) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .startsWith("[{\"Config\":\"" + image.configDigest().blobPath() + "\"")
              .contains("\"RepoTags\":[\"urunc/prebuilt/redis:test\",\"urunc/prebuilt/redis:1.0\"]");
        }
      }
    }
    assertThat(names).containsExactlyElementsOf(expected);

    try (InputStream in = Files.newInputStream(tar)) {
      for (RawTar.Header h : RawTar.read(in)) {
        assertThat(h.type()).as(h.name()).isNotEqualTo('x'); // short names: no PAX records at all
      }
    }
  }

  @Test
  void layoutHoldsTheImageAndHardLinksLayers() throws Exception {
    assertThat(Files.readString(layout.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(Files.readAllBytes(layout.resolve(image.manifestDigest().blobPath()))).isEqualTo(image.manifestJson());
    assertThat(Files.readAllBytes(layout.resolve(image.configDigest().blobPath()))).isEqualTo(image.configJson());
    for (Layer l : image.layers()) {
      assertThat(Files.isSameFile(l.file(), layout.resolve(l.descriptor().digest().blobPath()))).isTrue();
    }
    try (var siblings = Files.list(layout.getParent())) {
      assertThat(siblings).containsExactly(layout); // no temp directory left behind
    }

    OciLayoutReader.Image read = OciLayoutReader.read(layout, "1.0");
    assertThat(read.manifestDigest()).isEqualTo(image.manifestDigest());
    assertThat(read.refNames()).containsExactly("test", "1.0");
    assertThat(read.labels()).containsEntry("com.urunc.unikernel.hypervisor", "qemu");
    assertThat(read.annotations()).containsEntry("com.urunc.unikernel.binary", "/.boot/kernel");
    assertThat(read.platform()).isEqualTo(new Platform("linux", "amd64"));
    assertThat(read.layers()).extracting(Descriptor::digest)
        .containsExactly(image.layers().get(0).descriptor().digest(), image.layers().get(1).descriptor().digest());
    assertThat(OciLayoutReader.read(layout).manifestDigest()).isEqualTo(image.manifestDigest());
    assertThat(OciLayoutReader.readFile(layout, "/.boot/kernel")).hasValue(kernel);
    assertThat(OciLayoutReader.readFile(layout, "urunc.json")).hasValue(uruncJson);
    assertThat(OciLayoutReader.readFile(layout, "/missing")).isEmpty();
    assertThat(OciLayoutReader.readFile(layout, "/.boot")).isEmpty(); // a directory, not a file
    assertThatThrownBy(() -> OciLayoutReader.read(layout, "nope"))
        .hasMessageContaining("no image named 'nope'")
        .hasMessageContaining("test");
  }

  @Test
  void refusesToWriteIntoANonEmptyDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> OciLayoutWriter.write(image, NAME, dir))
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty");
    assertThat(dir.resolve("keep.txt")).hasContent("mine");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    OciLayoutWriter.write(image, NAME, empty);
    assertThat(empty.resolve("index.json")).exists();
  }

  @Test
  void theArchiveRefusesALayerFileThatChanged() throws Exception {
    Path layerFile = image.layers().get(1).file();
    byte[] bytes = Files.readAllBytes(layerFile);
    bytes[bytes.length / 2] ^= 1;
    Files.delete(layerFile); // the layout blob is a hard link: leave it intact
    Files.write(layerFile, bytes);
    Path tar = tmp.resolve("image.tar");
    assertThatThrownBy(() -> OciArchiveWriter.write(image, NAME, MTIME, tar))
        .hasMessageContaining(layerFile.toString())
        .hasMessageContaining("no longer matches");
    assertThat(tar).doesNotExist();
  }

  @Test
  void theArchiveRefusesALayerRewrittenInPlace() throws Exception {
    Layer layer = image.layers().get(0);
    assertThat(layer.unchangedSinceWritten()).isTrue(); // the fast path: copied without re-hashing
    flipMiddleByteInPlace(layer.file());
    // A later write moves mtime; set it explicitly so the test does not depend on the clock's tick.
    Files.setLastModifiedTime(layer.file(), FileTime.fromMillis(Files.getLastModifiedTime(layer.file()).toMillis() + 1000));
    assertThat(layer.unchangedSinceWritten()).isFalse();
    Path tar = tmp.resolve("image.tar");
    assertThatThrownBy(() -> OciArchiveWriter.write(image, NAME, MTIME, tar))
        .hasMessageContaining(layer.file().toString())
        .hasMessageContaining("no longer matches");
    assertThat(tar).doesNotExist();
  }

  @Test
  void aLayerTheBuildDidNotWriteIsAlwaysCheckedAgainstItsDigest() throws Exception {
    Layer written = image.layers().get(0);
    Layer taken = new Layer(written.file(), written.descriptor(), written.diffId(), written.createdBy()); // no stamp
    OciImage withTaken = new OciImage(image.configJson(), image.manifestJson(), List.of(taken, image.layers().get(1)),
        image.platform());
    Path good = tmp.resolve("good.tar");
    OciArchiveWriter.write(withTaken, NAME, MTIME, good);
    Path reference = tmp.resolve("reference.tar");
    OciArchiveWriter.write(image, NAME, MTIME, reference);
    assertThat(Files.mismatch(good, reference)).isEqualTo(-1L); // both paths give the same bytes

    FileTime mtime = Files.getLastModifiedTime(written.file());
    flipMiddleByteInPlace(written.file());
    Files.setLastModifiedTime(written.file(), mtime); // even a stamp that still matches would not help
    Path tar = tmp.resolve("image.tar");
    assertThatThrownBy(() -> OciArchiveWriter.write(withTaken, NAME, MTIME, tar)).hasMessageContaining("no longer matches");
    assertThat(tar).doesNotExist();
  }

  @Test
  void theArchiveHasTheBytesTarArchiveOutputStreamWouldWrite() throws Exception {
    Path tar = tmp.resolve("image.tar");
    OciArchiveWriter.write(image, NAME, MTIME, tar);

    Map<String, byte[]> blobs = new LinkedHashMap<>();
    for (var e : LayoutFiles.blobs(image).entrySet()) { // sorted by name
      Layer l = e.getValue().layer();
      blobs.put(e.getKey(), l != null ? Files.readAllBytes(l.file()) : e.getValue().bytes());
    }
    byte[] expected = expectedArchive(blobs);
    assertThat(Files.readAllBytes(tar)).isEqualTo(expected);
  }

  @Test
  void streamedLayersComeFirstAndTheRestAsTarArchiveOutputStreamWouldWriteIt() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("streamed"));
    Path tar = tmp.resolve("streamed.tar");
    List<Layer> streamed = new ArrayList<>();
    try (OciArchiveWriter archive = OciArchiveWriter.open(tar, MTIME)) {
      // urunc.json first, so the streamed order differs from the sorted one whatever the digests
      streamed.add(archive.streamLayer(copy -> LayerWriter.write(metaTree, MTIME, Compression.GZIP,
          work.resolve("meta.layer"), "bunny: urunc.json", copy)));
      streamed.add(archive.streamLayer(copy -> LayerWriter.write(kernelTree, MTIME, Compression.GZIP,
          work.resolve("kernel.layer"), "bunny: kernel", copy)));
      // the same blob again: it is in the archive once
      archive.streamLayer(copy -> LayerWriter.write(kernelTree, MTIME, Compression.GZIP,
          work.resolve("kernel-again.layer"), "bunny: kernel", copy));
      assertThat(tar).doesNotExist(); // nothing at the target before finish
      archive.finish(image, NAME);
    }
    // deterministic: the layers streamed here are the ones the image was built from
    assertThat(streamed).extracting(Layer::descriptor)
        .containsExactly(image.layers().get(1).descriptor(), image.layers().get(0).descriptor());

    Map<String, byte[]> blobs = new LinkedHashMap<>();
    for (Layer l : streamed) {
      blobs.put(l.descriptor().digest().blobPath(), Files.readAllBytes(l.file()));
    }
    TreeMap<String, byte[]> rest = new TreeMap<>(); // the blobs not streamed, by name
    rest.put(image.configDigest().blobPath(), image.configJson());
    rest.put(image.manifestDigest().blobPath(), image.manifestJson());
    blobs.putAll(rest);
    Path expectedTar = Files.write(tmp.resolve("expected.tar"), expectedArchive(blobs));
    assertThat(Files.mismatch(tar, expectedTar)).as("first differing byte").isEqualTo(-1L);
    try (var siblings = Files.list(tar.getParent())) {
      assertThat(siblings.filter(p -> p.getFileName().toString().contains("streamed.tar"))).containsExactly(tar);
    }

    Tools.assumeTool(Tools.SKOPEO);
    Path copy = tmp.resolve("copy");
    Tools.Result cp = Tools.run(tmp, Tools.SKOPEO, "--insecure-policy", "copy", "oci-archive:" + tar + ":test", "oci:" + copy + ":t");
    assertThat(cp.exitCode()).as(cp.toString()).isZero();
    assertThat(OciLayoutReader.read(copy, "t").manifestDigest()).isEqualTo(image.manifestDigest());
    assertThat(OciLayoutReader.readFile(copy, "/.boot/kernel")).hasValue(kernel);
  }

  @Test
  void aStreamedLayerTheImageDoesNotListFailsTheArchive() throws Exception {
    Path tar = tmp.resolve("orphan.tar");
    Path work = Files.createDirectories(tmp.resolve("orphan"));
    FileTree other = new FileTreeBuilder().addGenerated(Files.writeString(work.resolve("x"), "x"), "/x", 0644, "x").build();
    try (OciArchiveWriter archive = OciArchiveWriter.open(tar, MTIME)) {
      Layer orphan = archive.streamLayer(copy -> LayerWriter.write(other, MTIME, Compression.GZIP,
          work.resolve("x.layer"), "x", copy));
      assertThatThrownBy(() -> archive.finish(image, NAME))
          .hasMessageContaining(orphan.descriptor().digest().blobPath())
          .hasMessageContaining("does not list");
    }
    assertThat(tar).doesNotExist();
  }

  @Test
  void aFailedStreamedLayerLeavesNoArchive() throws Exception {
    Path tar = tmp.resolve("failed.tar");
    OciArchiveWriter archive = OciArchiveWriter.open(tar, MTIME);
    assertThatThrownBy(() -> archive.streamLayer(copy -> {
      copy.write(new byte[1000]);
      throw new java.io.IOException("source vanished");
    })).hasMessage("source vanished");
    assertThatThrownBy(() -> archive.finish(image, NAME)).hasMessageContaining("already finished or closed");
    archive.close();
    try (var left = Files.list(tmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().contains("failed.tar"))).isEmpty();
    }
  }

  @Test
  void aStreamedLayerMustMatchWhatWasStreamed() throws Exception {
    Path tar = tmp.resolve("short.tar");
    try (OciArchiveWriter archive = OciArchiveWriter.open(tar, MTIME)) {
      Layer written = image.layers().get(0);
      assertThatThrownBy(() -> archive.streamLayer(copy -> {
        copy.write(new byte[10]); // fewer bytes than the layer has
        return written;
      })).hasMessageContaining("10 bytes were streamed into the archive, but the layer has " + written.descriptor().size());
    }
    assertThat(tar).doesNotExist();
  }

  /** What TarArchiveOutputStream writes for an archive of this image with the blobs in this order. */
  private byte[] expectedArchive(Map<String, byte[]> blobsInOrder) throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = TarHeaders.open(expected)) {
      putFile(out, "oci-layout", LayoutFiles.ociLayout());
      for (String dir : List.of("blobs", "blobs/sha256")) {
        out.putArchiveEntry(TarHeaders.directory(dir, 0755, MTIME));
        out.closeArchiveEntry();
      }
      for (var e : blobsInOrder.entrySet()) {
        putFile(out, e.getKey(), e.getValue());
      }
      putFile(out, "index.json", LayoutFiles.index(image, NAME));
      putFile(out, "manifest.json", LayoutFiles.dockerManifest(image, NAME));
    }
    return expected.toByteArray();
  }

  private static void putFile(TarArchiveOutputStream out, String name, byte[] bytes) throws Exception {
    out.putArchiveEntry(TarHeaders.file(name, 0644, bytes.length, MTIME));
    out.write(bytes);
    out.closeArchiveEntry();
  }

  /** Same inode, same size, one bit different. */
  private static void flipMiddleByteInPlace(Path file) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long middle = ch.size() / 2;
      ch.read(b, middle);
      b.put(0, (byte) (b.get(0) ^ 1));
      b.rewind();
      ch.write(b, middle);
    }
  }
}
