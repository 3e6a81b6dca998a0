package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  /** Shaped like Docker Hub's redis:7 list: platforms with variants, and buildkit attestations. */
  private static final String DOCKER_LIST = """
      {
        "manifests": [
          {"digest": "%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "platform": {"architecture": "amd64", "os": "linux"}, "size": 1573},
          {"digest": "%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "platform": {"architecture": "arm", "os": "linux", "variant": "v5"}, "size": 1573},
          {"digest": "%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}, "size": 1573},
          {"digest": "%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}, "size": 1573},
          {"annotations": {"vnd.docker.reference.digest": "%s", "vnd.docker.reference.type": "attestation-manifest"},
           "digest": "%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "platform": {"architecture": "unknown", "os": "unknown"}, "size": 839}
        ],
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "schemaVersion": 2
      }
      """.formatted(digest('a'), digest('b'), digest('c'), digest('d'), digest('a'), digest('e'));

  /** Shaped like a kraftkit index on unikraft.org: one manifest per monitor, x86_64 spelled the Linux way. */
  private static final String KRAFT_INDEX = """
      {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1200,
         "annotations":{"org.unikraft.kernel.version":"0.17.0"},
         "platform":{"architecture":"x86_64","os":"qemu","os.features":["kvm"]}},
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1200,
         "platform":{"architecture":"x86_64","os":"fc"}},
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1200,
         "platform":{"architecture":"arm64","os":"qemu"}}
      ]}
      """.formatted(digest('1'), digest('2'), digest('3'));

  private static List<PlatformSelector.Entry> entries(String json) throws BuildFailure {
    return PlatformSelector.entries(SourceJson.object(json.getBytes(StandardCharsets.UTF_8), "index"), "index");
  }

  private static PlatformChoice choice(String arch, String... oses) {
    return new PlatformChoice(arch, List.of(oses));
  }

  @Test
  void readsPlatformsAndVariants() throws BuildFailure {
    List<PlatformSelector.Entry> e = entries(DOCKER_LIST);
    assertThat(e).hasSize(5);
    assertThat(e.get(2).platformText()).isEqualTo("linux/arm/v7");
    assertThat(e.get(2).descriptor().platform()).isEqualTo(new Platform("linux", "arm"));
    assertThat(e.get(0).variant()).isNull();
  }

  @Test
  void choosesByArchitectureAndOs() throws BuildFailure {
    List<PlatformSelector.Entry> e = entries(DOCKER_LIST);
    assertThat(PlatformSelector.choose(e, choice("amd64", "linux"), "redis:7").descriptor().digest().toString())
        .isEqualTo(digest('a'));
    assertThat(PlatformSelector.choose(e, choice("aarch64", "linux"), "redis:7").descriptor().digest().toString())
        .isEqualTo(digest('d'));
    // x86_64 is amd64
    assertThat(PlatformSelector.choose(e, choice("x86_64", "qemu", "linux"), "redis:7").descriptor().digest()
        .toString()).isEqualTo(digest('a'));
  }

  @Test
  void theDefaultVariantWinsAmongEqualEntries() throws BuildFailure {
    assertThat(PlatformSelector.choose(entries(DOCKER_LIST), choice("arm", "linux"), "redis:7").variant())
        .isEqualTo("v7");
  }

  @Test
  void operatingSystemsInTheOrderOfPreference() throws BuildFailure {
    List<PlatformSelector.Entry> e = entries(KRAFT_INDEX);
    assertThat(PlatformSelector.choose(e, choice("amd64", "qemu", "linux"), "n").descriptor().digest().toString())
        .isEqualTo(digest('1'));
    assertThat(PlatformSelector.choose(e, choice("amd64", "fc", "linux"), "n").descriptor().digest().toString())
        .isEqualTo(digest('2'));
    assertThat(PlatformSelector.choose(e, choice("arm64", "fc", "qemu"), "n").platformText()).isEqualTo("qemu/arm64");
  }

  @Test
  void noMatchListsWhatIsOffered() throws BuildFailure {
    assertThatThrownBy(() -> PlatformSelector.choose(entries(KRAFT_INDEX), choice("arm64", "linux"),
        "unikraft.org/nginx:1.15"))
        .isInstanceOf(BuildFailure.class)
        .hasMessage("'unikraft.org/nginx:1.15' offers qemu/x86_64, fc/x86_64, qemu/arm64; the build needs linux/arm64:"
            + " set platform.architecture or pick another image");
    // attestations are not offered
    assertThatThrownBy(() -> PlatformSelector.choose(entries(DOCKER_LIST), choice("riscv64", "qemu", "linux"), "redis"))
        .hasMessage("'redis' offers linux/amd64, linux/arm/v5, linux/arm/v7, linux/arm64/v8; the build needs"
            + " qemu/riscv64 or linux/riscv64: set platform.architecture or pick another image");
  }

  @Test
  void noPlatformsAtAllIsLeftToTheCaller() throws BuildFailure {
    String json = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"digest\":\"" + digest('f') + "\",\"size\":3}]}";
    assertThat(PlatformSelector.choose(entries(json), choice("amd64", "linux"), "x")).isNull();
  }

  private static Map<String, Object> config(String json) throws BuildFailure {
    return SourceJson.object(json.getBytes(StandardCharsets.UTF_8), "config");
  }

  private static final class Log implements BuildLog {
    final List<String> debug = new ArrayList<>();

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {}

    @Override
    public void debug(String message) {
      debug.add(message);
    }
  }

  @Test
  void singlePlatformImagesAreCheckedByTheirConfig() throws BuildFailure {
    Log log = new Log();
    assertThat(PlatformSelector.checkConfig(config("{\"os\":\"qemu\",\"architecture\":\"x86_64\"}"),
        choice("amd64", "qemu", "linux"), "k", log)).isEqualTo(new Platform("qemu", "x86_64"));
    assertThat(log.debug).isEmpty();
    // linux is accepted for a kernel with a debug note
    assertThat(PlatformSelector.checkConfig(config("{\"os\":\"linux\",\"architecture\":\"amd64\"}"),
        choice("amd64", "qemu", "fc"), "k", log)).isEqualTo(new Platform("linux", "amd64"));
    assertThat(log.debug).singleElement().asString().contains("single-platform linux/amd64 image; accepting it");
    // no platform in the config: accepted
    assertThat(PlatformSelector.checkConfig(config("{}"), choice("arm64", "linux"), "k", log))
        .isEqualTo(new Platform("linux", "arm64"));
  }

  @Test
  void singlePlatformImagesOfAnotherArchitectureOrOsAreRefused() {
    assertThatThrownBy(() -> PlatformSelector.checkConfig(config("{\"os\":\"linux\",\"architecture\":\"amd64\"}"),
        choice("arm64", "linux"), "app:1", BuildLog.SILENT))
        .hasMessage("'app:1' is a single-platform image for linux/amd64; the build needs linux/arm64:"
            + " set platform.architecture or pick another image");
    assertThatThrownBy(() -> PlatformSelector.checkConfig(config("{\"os\":\"fc\",\"architecture\":\"amd64\"}"),
        choice("amd64", "qemu", "linux"), "k", BuildLog.SILENT))
        .hasMessage("'k' is a single-platform image for fc/amd64; the build needs qemu/amd64 or linux/amd64:"
            + " pick another image");
  }

  @Test
  void architectureSynonyms() {
    assertThat(PlatformSelector.normalArchitecture("x86_64")).isEqualTo("amd64");
    assertThat(PlatformSelector.normalArchitecture("AARCH64")).isEqualTo("arm64");
    assertThat(PlatformSelector.normalArchitecture("riscv64")).isEqualTo("riscv64");
  }
}
