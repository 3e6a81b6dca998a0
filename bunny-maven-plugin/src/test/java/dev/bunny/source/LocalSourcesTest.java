package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.build.BuildFailure;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageConfig;
import dev.bunny.oci.ImageName;
import dev.bunny.oci.Layer;
import dev.bunny.oci.LayerWriter;
import dev.bunny.oci.OciArchiveWriter;
import dev.bunny.oci.OciImage;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.oci.OciLayoutWriter;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.MediaTypes;
import dev.bunny.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourcesTest {

  @TempDir
  Path tmp;

  private static final PlatformChoice LINUX_AMD64 = new PlatformChoice("amd64", List.of("linux"));
  private static final PlatformChoice KERNEL_AMD64 = new PlatformChoice("amd64", List.of("qemu", "linux"));

  private CachingImageResolver resolver() {
    return CachingImageResolver.builder(tmp.resolve("project"), tmp.resolve("cache")).build();
  }

  private SourceImage resolve(String ref, PlatformChoice choice) throws Exception {
    return resolver().resolve(ImageReference.parse(ref), choice, "kernel.from");
  }

  @Test
  void aTaggedImageOfALayoutIsUsedInPlace() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/layout"));
    LayoutFixture.Image img = f.image("linux", "amd64", false, "one", "two");
    LayoutFixture.Image other = f.image("linux", "amd64", false, "other");
    f.tag("1.0", img.manifest()).tag("2.0", other.manifest());

    SourceImage s = resolve("oci:layout:1.0", LINUX_AMD64);
    assertThat(s.reference()).isEqualTo("oci:layout:1.0");
    assertThat(s.manifestDigest()).isEqualTo(img.manifest().digest());
    assertThat(s.platform()).isEqualTo(new Platform("linux", "amd64"));
    assertThat(s.configJson()).isEqualTo(Files.readAllBytes(f.dir.resolve(img.config().digest().blobPath())));
    assertThat(s.layers()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      SourceLayer l = s.layers().get(i);
      assertThat(l.descriptor().digest()).isEqualTo(img.layers().get(i).digest());
      assertThat(l.descriptor().mediaType()).isEqualTo(MediaTypes.LAYER_TAR_GZIP);
      assertThat(l.diffId()).isEqualTo(img.diffIds().get(i));
      assertThat(l.blob()).isEqualTo(f.dir.resolve(img.layers().get(i).digest().blobPath()));
    }
    assertThat(tmp.resolve("cache")).doesNotExist();
    assertThat(resolve("oci:layout:2.0", LINUX_AMD64).manifestDigest()).isEqualTo(other.manifest().digest());
  }

  @Test
  void withoutATagTheLayoutMustHoldOneImage() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/layout"));
    LayoutFixture.Image img = f.image("linux", "amd64", false, "one");
    f.tag("a", img.manifest()).tag("b", img.manifest());
    assertThat(resolve("oci:layout", LINUX_AMD64).manifestDigest()).isEqualTo(img.manifest().digest());

    LayoutFixture.Image other = f.image("linux", "amd64", false, "other");
    f.tag(null, other.manifest());
    assertThatThrownBy(() -> resolve("oci:layout", LINUX_AMD64))
        .isInstanceOf(BuildFailure.class)
        .hasMessageStartingWith("kernel.from: 'oci:layout': the OCI layout " + f.dir + " holds 2 images; name one with a"
            + " tag after the path (e.g. oci:layout:<tag>): its tags are a, b, (untagged " + other.manifest().digest() + ")");
    assertThatThrownBy(() -> resolve("oci:layout:c", LINUX_AMD64))
        .hasMessage("kernel.from: 'oci:layout:c': the OCI layout " + f.dir + " has no image tagged 'c'; it has a, b,"
            + " (untagged " + other.manifest().digest() + ") (the org.opencontainers.image.ref.name annotations of its"
            + " index.json)");
  }

  @Test
  void fullyQualifiedRefNamesMatchByTag() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/l"));
    LayoutFixture.Image img = f.image("linux", "amd64", false, "x");
    f.tag("localhost/app:1.0", img.manifest());
    assertThat(resolve("oci:l:1.0", LINUX_AMD64).manifestDigest()).isEqualTo(img.manifest().digest());
  }

  @Test
  void absolutePathsAndMissingLayouts() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("elsewhere"));
    f.tag("t", f.image("linux", "amd64", false, "x").manifest());
    assertThat(resolve("oci:" + f.dir + ":t", LINUX_AMD64).layers()).hasSize(1);
    assertThatThrownBy(() -> resolve("oci:nope", LINUX_AMD64))
        .hasMessage("kernel.from: 'oci:nope': " + tmp.resolve("project/nope") + " does not exist; oci: names an OCI"
            + " image layout directory (relative to the project directory)");
    Files.createDirectories(tmp.resolve("project/empty"));
    assertThatThrownBy(() -> resolve("oci:empty", LINUX_AMD64))
        .hasMessageContaining("has no index.json, so it is not an OCI image layout");
  }

  @Test
  void nestedIndexesArePickedByPlatform() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/multi"));
    LayoutFixture.Image qemu = f.image("qemu", "x86_64", false, "qemu kernel");
    LayoutFixture.Image fc = f.image("fc", "x86_64", false, "fc kernel");
    LayoutFixture.Image arm = f.image("qemu", "arm64", false, "arm kernel");
    Map<Descriptor, String> inner = new LinkedHashMap<>();
    inner.put(fc.manifest(), "fc/x86_64");
    inner.put(qemu.manifest(), "qemu/x86_64");
    Descriptor innerIndex = f.index(MediaTypes.INDEX, inner);
    Map<Descriptor, String> outer = new LinkedHashMap<>();
    outer.put(arm.manifest(), "qemu/arm64");
    outer.put(innerIndex, null); // a nested index without platform
    f.tag("latest", f.index(MediaTypes.INDEX, outer));

    SourceImage s = resolve("oci:multi:latest", KERNEL_AMD64);
    assertThat(s.manifestDigest()).isEqualTo(qemu.manifest().digest());
    assertThat(s.platform()).isEqualTo(new Platform("qemu", "x86_64"));
    assertThat(resolve("oci:multi", new PlatformChoice("arm64", List.of("qemu"))).manifestDigest())
        .isEqualTo(arm.manifest().digest());
    assertThatThrownBy(() -> resolve("oci:multi", new PlatformChoice("arm64", List.of("linux"))))
        .hasMessage("kernel.from: 'oci:multi' offers qemu/arm64, fc/x86_64, qemu/x86_64; the build needs linux/arm64:"
            + " set platform.architecture or pick another image");
  }

  @Test
  void dockerMediaTypesAreMappedToOciOnes() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/d"));
    LayoutFixture.Image img = f.image("linux", "amd64", true, "docker layer");
    Map<Descriptor, String> list = new LinkedHashMap<>();
    list.put(img.manifest(), "linux/amd64");
    f.tag("v", f.index(SourceMediaTypes.DOCKER_LIST, list));
    SourceImage s = resolve("oci:d", LINUX_AMD64);
    assertThat(s.layers().get(0).descriptor().mediaType()).isEqualTo(MediaTypes.LAYER_TAR_GZIP);
    assertThat(s.layers().get(0).descriptor().digest()).isEqualTo(img.layers().get(0).digest());
    assertThat(s.layers().get(0).descriptor().size()).isEqualTo(img.layers().get(0).size());
  }

  @Test
  void aSinglePlatformImageOfAnotherArchitectureIsRefused() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/s"));
    f.tag("t", f.image("linux", "arm64", false, "x").manifest());
    assertThatThrownBy(() -> resolve("oci:s", LINUX_AMD64))
        .hasMessage("kernel.from: 'oci:s' is a single-platform image for linux/arm64; the build needs linux/amd64:"
            + " set platform.architecture or pick another image");
  }

  @Test
  void damagedBlobsAreRefused() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/bad"));
    LayoutFixture.Image img = f.image("linux", "amd64", false, "content");
    f.tag("t", img.manifest());
    Path layer = f.dir.resolve(img.layers().get(0).digest().blobPath());
    byte[] bytes = Files.readAllBytes(layer);
    bytes[bytes.length - 1] ^= 1;
    Files.write(layer, bytes);
    assertThatThrownBy(() -> resolve("oci:bad", LINUX_AMD64))
        .hasMessageContaining("layer " + img.layers().get(0).digest() + " in the OCI layout " + f.dir
            + " does not match its digest or size");
    Files.delete(layer);
    assertThatThrownBy(() -> resolve("oci:bad", LINUX_AMD64))
        .hasMessageContaining("lacks the blob " + img.layers().get(0).digest());
  }

  @Test
  void diffIdsMustMatchTheLayers() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/ids"));
    LayoutFixture.Image img = f.image("linux", "amd64", false, "a");
    Descriptor config = f.blob(MediaTypes.CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8));
    f.tag("t", f.manifest(MediaTypes.MANIFEST, config, img.layers()));
    assertThatThrownBy(() -> resolve("oci:ids", LINUX_AMD64))
        .hasMessage("kernel.from: the config of 'oci:ids' (" + config.digest() + ") lists 0 diff_ids for the manifest's"
            + " 1 layers; the image is inconsistent");
  }

  @Test
  void foreignLayersSchema1AndArtifactsAreRefused() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("project/f"));
    LayoutFixture.Image img = f.image("windows", "amd64", true, "a");
    Descriptor foreign = new Descriptor(SourceMediaTypes.DOCKER_FOREIGN_LAYER, img.layers().get(0).digest(),
        img.layers().get(0).size());
    f.tag("foreign", f.manifest(SourceMediaTypes.DOCKER_MANIFEST, img.config(), List.of(foreign)));
    assertThatThrownBy(() -> resolve("oci:f:foreign", LINUX_AMD64))
        .hasMessageContaining("is a foreign (non-distributable) layer (" + SourceMediaTypes.DOCKER_FOREIGN_LAYER + ")");

    Descriptor schema1 = f.blob(SourceMediaTypes.DOCKER_SCHEMA1_SIGNED,
        "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"1\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8));
    f.tag("old", schema1);
    assertThatThrownBy(() -> resolve("oci:f:old", LINUX_AMD64))
        .hasMessageContaining("is a Docker schema 1 manifest, a format registries have deprecated");

    Descriptor artifactConfig = f.blob("application/vnd.cncf.helm.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
    f.tag("chart", f.manifest(MediaTypes.MANIFEST, artifactConfig, List.of()));
    assertThatThrownBy(() -> resolve("oci:f:chart", LINUX_AMD64))
        .hasMessageContaining("is not a container image: its config has media type application/vnd.cncf.helm.config.v1+json");
  }

  @Test
  void archivesAreExtractedIntoTheCacheOnce() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("layout"));
    LayoutFixture.Image img = f.image("qemu", "x86_64", false, "kernel bytes", "rootfs bytes");
    Map<Descriptor, String> index = new LinkedHashMap<>();
    index.put(img.manifest(), "qemu/x86_64");
    f.tag("1.0", f.index(MediaTypes.INDEX, index));
    Files.createDirectories(tmp.resolve("project/target"));
    f.archive(tmp.resolve("project/target/app-oci.tar"), "./");

    SourceImage s = resolve("oci-archive:target/app-oci.tar:1.0", KERNEL_AMD64);
    assertThat(s.manifestDigest()).isEqualTo(img.manifest().digest());
    Path cached = tmp.resolve("cache").resolve(img.layers().get(0).digest().blobPath());
    assertThat(s.layers().get(0).blob()).isEqualTo(cached);
    assertThat(Files.readAllBytes(cached)).isEqualTo(Files.readAllBytes(f.dir.resolve(img.layers().get(0).digest().blobPath())));
    assertThat(s.layers().get(1).diffId()).isEqualTo(img.diffIds().get(1));
    // no temp files left behind
    try (var files = Files.list(cached.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    FileTime before = Files.getLastModifiedTime(cached);
    Files.setLastModifiedTime(cached, FileTime.fromMillis(before.toMillis() - 60_000));
    FileTime older = Files.getLastModifiedTime(cached);
    resolve("oci-archive:target/app-oci.tar", KERNEL_AMD64);
    assertThat(Files.getLastModifiedTime(cached)).isEqualTo(older);
  }

  @Test
  void whatBunnyBuildWritesResolvesAsLayoutAndAsArchive() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path kernel = Files.write(src.resolve("kernel"), "a unikernel".getBytes(StandardCharsets.UTF_8));
    FileTree tree = new FileTreeBuilder().add(kernel, "/.boot/kernel", "kernel").build();
    Path work = Files.createDirectories(tmp.resolve("work"));
    List<Layer> layers = List.of(LayerWriter.write(tree, 1_700_000_000L, Compression.GZIP, work.resolve("k.layer"),
        "bunny: kernel"));
    ImageConfig config = ImageConfig.builder().created(java.time.Instant.ofEpochSecond(1_700_000_000L))
        .layers(layers).build();
    OciImage image = OciImage.of(config, layers, new TreeMap<>());
    ImageName name = ImageName.parse("team/kernel:1.0", List.of("1.1"));
    Path layout = tmp.resolve("project/target/bunny/oci");
    OciLayoutWriter.write(image, name, layout);
    OciArchiveWriter.write(image, name, 1_700_000_000L, tmp.resolve("project/target/kernel-oci.tar"));
    Platform built = OciLayoutReader.read(layout, "1.0").platform();
    PlatformChoice choice = new PlatformChoice(built.architecture(), List.of("qemu", built.os()));

    SourceImage fromLayout = resolve("oci:target/bunny/oci:1.1", choice);
    SourceImage fromArchive = resolve("oci-archive:target/kernel-oci.tar:1.0", choice);
    for (SourceImage s : List.of(fromLayout, fromArchive)) {
      assertThat(s.configJson()).isEqualTo(image.configJson());
      assertThat(s.platform()).isEqualTo(built);
      assertThat(s.layers()).singleElement().satisfies(l -> {
        assertThat(l.descriptor().digest()).isEqualTo(layers.get(0).descriptor().digest());
        assertThat(l.diffId()).isEqualTo(layers.get(0).diffId());
        assertThat(Files.size(l.blob())).isEqualTo(layers.get(0).descriptor().size());
      });
    }
    assertThat(fromLayout.manifestDigest()).isEqualTo(fromArchive.manifestDigest());
    assertThat(fromLayout.layers().get(0).blob()).startsWith(layout);
    assertThat(fromArchive.layers().get(0).blob()).startsWith(tmp.resolve("cache"));
  }

  @Test
  void archiveErrors() throws Exception {
    Files.createDirectories(tmp.resolve("project"));
    assertThatThrownBy(() -> resolve("oci-archive:none.tar", LINUX_AMD64))
        .hasMessageContaining("none.tar does not exist; oci-archive: names a tar of an OCI image layout");
    Files.writeString(tmp.resolve("project/notatar.tar"), "hello");
    assertThatThrownBy(() -> resolve("oci-archive:notatar.tar", LINUX_AMD64)).isInstanceOf(BuildFailure.class);
    LayoutFixture f = new LayoutFixture(tmp.resolve("layout"));
    f.tag("t", f.image("linux", "amd64", false, "x").manifest());
    Path tar = f.archive(tmp.resolve("project/a.tar"), "");
    assertThatThrownBy(() -> resolve("oci-archive:a.tar:nope", LINUX_AMD64))
        .hasMessageContaining("has no image tagged 'nope'; it has t");
  }
}
