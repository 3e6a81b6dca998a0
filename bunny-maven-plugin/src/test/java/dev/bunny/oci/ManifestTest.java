package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final Digest CONFIG = Digest.parse("sha256:" + "c".repeat(64));
  private static final Digest L1 = Digest.parse("sha256:" + "a".repeat(64));
  private static final Digest L2 = Digest.parse("sha256:" + "b".repeat(64));

  @Test
  void rendersExactBytesWithSortedAnnotations() {
    SortedMap<String, String> annotations = new TreeMap<>(java.util.Comparator.reverseOrder()); // re-sorted on output
    annotations.put("com.urunc.unikernel.hypervisor", "qemu");
    annotations.put("com.urunc.unikernel.binary", "/.boot/kernel");
    Manifest m = new Manifest(
        new Descriptor(MediaTypes.CONFIG, CONFIG, 512),
        List.of(new Descriptor(MediaTypes.LAYER_TAR_GZIP, L1, 1234), new Descriptor(MediaTypes.LAYER_TAR, L2, 10_000_000_000L)),
        annotations);
    String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":512},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + L1 + "\",\"size\":1234},"
        + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + L2 + "\",\"size\":10000000000}],"
        + "\"annotations\":{\"com.urunc.unikernel.binary\":\"/.boot/kernel\",\"com.urunc.unikernel.hypervisor\":\"qemu\"}}";
    byte[] json = m.toJson();
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(expected);
    // pinned (computed independently): a rendering change changes every image digest
    assertThat(Digest.of(json).hex()).isEqualTo("4a42452f7214720373d5c6de616564916aa40f3036964fdec86ae9942b3e3fe4");
  }

  @Test
  void emptyAnnotationsAreOmitted() {
    Manifest m = new Manifest(new Descriptor(MediaTypes.CONFIG, CONFIG, 2), List.of(), new TreeMap<>());
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG
            + "\",\"size\":2},\"layers\":[]}");
  }

  @Test
  void indexListsTheManifestOncePerTagWithNamesAndPlatform() {
    Layer layer = new Layer(java.nio.file.Path.of("l"), new Descriptor(MediaTypes.LAYER_TAR_GZIP, L1, 3), L2, null);
    ImageConfig config = ImageConfig.builder().layers(List.of(layer)).build();
    OciImage image = OciImage.of(config, List.of(layer), new TreeMap<>());
    ImageName name = ImageName.parse("urunc/prebuilt/redis:test", List.of("1.0"));
    String manifest = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + image.manifestDigest()
        + "\",\"size\":" + image.manifestJson().length + ",";
    assertThat(new String(LayoutFiles.index(image, name), StandardCharsets.UTF_8))
        .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + manifest + "\"annotations\":{\"io.containerd.image.name\":\"docker.io/urunc/prebuilt/redis:test\","
            + "\"org.opencontainers.image.ref.name\":\"test\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
            + manifest + "\"annotations\":{\"io.containerd.image.name\":\"docker.io/urunc/prebuilt/redis:1.0\","
            + "\"org.opencontainers.image.ref.name\":\"1.0\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}");
    assertThat(new String(LayoutFiles.dockerManifest(image, name), StandardCharsets.UTF_8))
        .isEqualTo("[{\"Config\":\"blobs/sha256/" + image.configDigest().hex()
            + "\",\"RepoTags\":[\"urunc/prebuilt/redis:test\",\"urunc/prebuilt/redis:1.0\"],"
            + "\"Layers\":[\"blobs/sha256/" + L1.hex() + "\"]}]");
    assertThat(new String(LayoutFiles.ociLayout(), StandardCharsets.UTF_8)).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  @Test
  void imageRejectsConfigThatDoesNotListTheLayers() {
    Layer layer = new Layer(java.nio.file.Path.of("l"), new Descriptor(MediaTypes.LAYER_TAR_GZIP, L1, 3), L2, null);
    ImageConfig config = ImageConfig.builder().build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OciImage.of(config, List.of(layer), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("diff IDs");
  }
}
