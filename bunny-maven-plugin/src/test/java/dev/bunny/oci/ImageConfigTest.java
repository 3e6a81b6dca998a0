package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ImageConfigTest {

  private static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
  private static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));

  static ImageConfig sample() {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("com.urunc.unikernel.unikernelType", "unikraft");
    labels.put("com.urunc.unikernel.binary", "/.boot/kernel");
    return new ImageConfig(
        Instant.EPOCH,
        "amd64",
        "linux",
        List.of("PATH=/usr/bin", "A=\u00e9\"q\""),
        List.of("/.boot/kernel"),
        List.of("-c", "/redis.conf"),
        "/",
        labels,
        List.of(D1, D2),
        List.of(new ImageConfig.HistoryEntry(Instant.EPOCH, "bunny: rootfs"), new ImageConfig.HistoryEntry(Instant.EPOCH, null)));
  }

  @Test
  void rendersExactBytesInTheFixedKeyOrder() {
    String expected = "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"config\":{\"Env\":[\"PATH=/usr/bin\",\"A=\u00e9\\\"q\\\"\"],\"Entrypoint\":[\"/.boot/kernel\"],"
        + "\"Cmd\":[\"-c\",\"/redis.conf\"],\"WorkingDir\":\"/\","
        + "\"Labels\":{\"com.urunc.unikernel.binary\":\"/.boot/kernel\",\"com.urunc.unikernel.unikernelType\":\"unikraft\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\",\"" + D2 + "\"]},"
        + "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"bunny: rootfs\"},"
        + "{\"created\":\"1970-01-01T00:00:00Z\"}]}";
    byte[] json = sample().toJson();
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(json).isEqualTo(expected.getBytes(StandardCharsets.UTF_8)); // UTF-8, not escaped
    // pinned: any change in rendering changes every image digest, so it must be deliberate
    assertThat(Digest.of(json).hex()).isEqualTo("c8c6f9980a0a8fc102ae0736774a692c8b2359fb63fd1c9756c135b2f42812ad");
  }

  @Test
  void nullsAndEmptiesAreOmittedButEmptyListsAreKept() {
    ImageConfig c = ImageConfig.builder()
        .created(Instant.ofEpochSecond(1_700_000_000L, 999_999_999))
        .architecture("arm64")
        .cmd(List.of())
        .build();
    assertThat(new String(c.toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"created\":\"2023-11-14T22:13:20Z\",\"architecture\":\"arm64\",\"os\":\"linux\","
            + "\"config\":{\"Cmd\":[]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
  }

  @Test
  void createdIsUtcWhateverTheDefaultTimeZone() {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
      assertThat(new String(sample().toJson(), StandardCharsets.UTF_8)).startsWith("{\"created\":\"1970-01-01T00:00:00Z\"");
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void builderTakesDiffIdsAndHistoryFromLayers() {
    Layer a = new Layer(Path.of("a"), new Descriptor(MediaTypes.LAYER_TAR, D1, 1), D1, "first");
    Layer b = new Layer(Path.of("b"), new Descriptor(MediaTypes.LAYER_TAR, D2, 1), D2, "second");
    Instant t = Instant.ofEpochSecond(86_400);
    ImageConfig c = ImageConfig.builder().layers(List.of(a, b)).created(t).build();
    assertThat(c.diffIds()).containsExactly(D1, D2);
    assertThat(c.history())
        .containsExactly(new ImageConfig.HistoryEntry(t, "first"), new ImageConfig.HistoryEntry(t, "second"));
    assertThat(c.platform()).isEqualTo(new Platform("linux", "amd64"));
  }

  @Test
  void historyMustMatchTheLayers() {
    assertThatThrownBy(() -> ImageConfig.builder()
            .diffIds(List.of(D1))
            .history(List.of(new ImageConfig.HistoryEntry(Instant.EPOCH, "a"), new ImageConfig.HistoryEntry(Instant.EPOCH, "b")))
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 entries for 1 layers");
  }
}
