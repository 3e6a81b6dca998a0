package dev.bunny.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.RetryPolicy;
import dev.bunny.source.CachingImageResolver;
import dev.bunny.source.ImageReference;
import dev.bunny.source.PlatformChoice;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull cache location and the resolver Maven's session settings make. */
class SourceImagesTest {

  @TempDir Path tmp;

  private final Map<String, String> properties = new HashMap<>();

  private RegistryPush registry(boolean offline) {
    return new RegistryPush(properties::get, new Settings(), offline, null, Map.of(), tmp.toString(), BuildLog.SILENT);
  }

  @Test
  void theCacheLivesBelowTheLocalRepositoryUnlessConfigured() throws Exception {
    assertThat(SourceImages.cacheDirectory(null, tmp.resolve("m2/repository").toString(), tmp.resolve("project")))
        .isEqualTo(tmp.resolve("m2/repository/.cache/bunny"));
    assertThat(SourceImages.cacheDirectory(" ", tmp.resolve("repo").toString(), tmp)).isEqualTo(tmp.resolve("repo/.cache/bunny"));
    assertThat(SourceImages.cacheDirectory("target/pulls", tmp.resolve("repo").toString(), tmp.resolve("project")))
        .isEqualTo(tmp.resolve("project/target/pulls"));
    assertThat(SourceImages.cacheDirectory(tmp.resolve("abs").toString(), null, tmp.resolve("project")))
        .isEqualTo(tmp.resolve("abs"));
    assertThatThrownBy(() -> SourceImages.cacheDirectory(null, null, tmp)).isInstanceOf(BuildFailure.class)
        .hasMessageContaining("no local repository");
  }

  @Test
  void offlineMavenResolvesRegistryImagesFromTheCacheOnly() throws Exception {
    RegistryTransport.Factory noNetwork = (r, repo, c, i, l) -> {
      throw new AssertionError("the network was used");
    };
    CachingImageResolver resolver = SourceImages.resolver(registry(true).with(noNetwork, RetryPolicy.DEFAULT),
        tmp.resolve("project"), tmp.resolve("cache"), null, List.of("127.0.0.1:5000"));
    assertThat(resolver.cacheDirectory()).isEqualTo(tmp.resolve("cache"));
    assertThatThrownBy(() -> resolver.resolve(ImageReference.parse("unikraft.org/nginx:1.15"),
        new PlatformChoice("amd64", List.of("qemu", "linux")), "kernel.from"))
        .isInstanceOf(BuildFailure.class)
        .hasMessage("kernel.from: Maven runs offline and unikraft.org/nginx:1.15 is not in the pull cache: run once"
            + " online, or use an oci:/oci-archive: reference");
  }

  @Test
  void badInsecureRegistriesFailAsForPushing() {
    properties.put(BunnyProperties.INSECURE_REGISTRIES, "http://x");
    assertThatThrownBy(() -> SourceImages.resolver(registry(false), tmp, tmp.resolve("cache"), null, null))
        .isInstanceOf(BuildFailure.class).hasMessageContaining("-Dbunny.insecureRegistries: 'http://x' is not a registry");
  }
}
