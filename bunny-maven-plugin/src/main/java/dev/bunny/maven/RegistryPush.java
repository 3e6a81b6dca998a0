package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.maven.params.AuthParams;
import dev.bunny.registry.BlobOrigins;
import dev.bunny.registry.CredentialChain;
import dev.bunny.registry.DockerConfigCredentials;
import dev.bunny.registry.ExplicitCredentials;
import dev.bunny.registry.ImagePusher;
import dev.bunny.registry.InsecureRegistries;
import dev.bunny.registry.JibRegistryTransport;
import dev.bunny.registry.PushRequest;
import dev.bunny.registry.PushResult;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.RetryPolicy;
import dev.bunny.source.CachingImageResolver;
import dev.bunny.source.PulledBlobOrigins;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The push as {@code bunny:push} and {@code bunny:build} with {@code <push>true</push>} run it:
 * Maven's view of credentials (POM, properties, environment, settings.xml) and of the network
 * (offline mode) turned into a core {@link PushRequest}; and the same view for pulling source
 * images ({@link #sourceResolver}).
 */
final class RegistryPush {

  static final String ENV_USERNAME = "BUNNY_REGISTRY_USERNAME";
  static final String ENV_PASSWORD = "BUNNY_REGISTRY_PASSWORD";

  private static final String BOTH = "-D" + BunnyProperties.AUTH_USERNAME + " and -D" + BunnyProperties.AUTH_PASSWORD
      + ", <auth><username/><password/></auth>, or " + ENV_USERNAME + " and " + ENV_PASSWORD;

  private final UnaryOperator<String> property;
  private final Settings settings;
  private final boolean offline;
  private final SettingsDecrypter decrypter;
  private final Map<String, String> env;
  private final String userHome;
  private final BuildLog log;
  private RegistryTransport.Factory transports = JibRegistryTransport.FACTORY;
  private RetryPolicy retry = RetryPolicy.DEFAULT;

  /**
   * @param property a {@code -D}/project property lookup (null when unset)
   * @param settings Maven's settings (servers); may be null
   * @param offline whether Maven runs offline
   */
  RegistryPush(UnaryOperator<String> property, Settings settings, boolean offline, SettingsDecrypter decrypter,
      Map<String, String> env, String userHome, BuildLog log) {
    this.property = property;
    this.settings = settings;
    this.offline = offline;
    this.decrypter = decrypter;
    this.env = env;
    this.userHome = userHome;
    this.log = log;
  }

  /** For tests: another transport and retry policy. */
  RegistryPush with(RegistryTransport.Factory newTransports, RetryPolicy newRetry) {
    this.transports = newTransports;
    this.retry = newRetry;
    return this;
  }

  /** Fails before any network use when Maven runs offline. */
  void requireOnline() throws BuildFailure {
    if (offline) {
      throw new BuildFailure("pushing needs the network, but Maven runs offline (-o, or <offline>true</offline> in"
          + " settings.xml): run without -o, or skip the push with -D" + BunnyProperties.PUSH_SKIP + "=true");
    }
  }

  /** @param pullCache the pull cache, whose records let base layers be mounted; null for none */
  PushResult push(Path layoutDir, AuthParams auth, List<String> insecureRegistries, Path pullCache)
      throws BuildFailure, IOException {
    requireOnline();
    return new ImagePusher(transports, log).push(new PushRequest(layoutDir, credentials(auth),
        insecure(insecureRegistries), retry, pullCache == null ? BlobOrigins.NONE : new PulledBlobOrigins(pullCache)));
  }

  /**
   * A resolver of source images with this session's credentials, insecure registries, offline
   * mode, transports and retries (see {@link SourceImages}).
   */
  CachingImageResolver sourceResolver(Path projectDir, Path cacheDir, AuthParams auth, List<String> insecureRegistries)
      throws BuildFailure {
    return CachingImageResolver.builder(projectDir, cacheDir)
        .offline(offline)
        .credentials(credentials(auth))
        .insecureRegistries(insecure(insecureRegistries))
        .transports(transports)
        .retry(retry)
        .log(log)
        .build();
  }

  /**
   * The documented order: explicit (-D, POM, environment), settings.xml, docker config, the
   * podman/skopeo auth file; then anonymous.
   */
  CredentialChain credentials(AuthParams auth) {
    return new CredentialChain(List.of(
        new ExplicitCredentials(property.apply(BunnyProperties.AUTH_USERNAME), property.apply(BunnyProperties.AUTH_PASSWORD),
            "-D" + BunnyProperties.AUTH_USERNAME + "/-D" + BunnyProperties.AUTH_PASSWORD, BOTH),
        new ExplicitCredentials(auth == null ? null : auth.username, auth == null ? null : auth.password,
            "<auth> in the POM", BOTH),
        new ExplicitCredentials(env.get(ENV_USERNAME), env.get(ENV_PASSWORD),
            "environment " + ENV_USERNAME + "/" + ENV_PASSWORD, BOTH),
        new MavenSettingsCredentials(settings, decrypter),
        new DockerConfigCredentials(DockerConfigCredentials.defaultConfigFile(env, userHome), log),
        new DockerConfigCredentials(DockerConfigCredentials.containersAuthFile(env, userHome), log,
            "containers auth file")));
  }

  /** {@code -Dbunny.insecureRegistries} (comma-separated) wins over {@code <insecureRegistries>}. */
  InsecureRegistries insecure(List<String> fromPom) throws BuildFailure {
    String fromProperty = property.apply(BunnyProperties.INSECURE_REGISTRIES);
    try {
      return fromProperty != null
          ? InsecureRegistries.parse(List.of(fromProperty), "-D" + BunnyProperties.INSECURE_REGISTRIES)
          : InsecureRegistries.parse(fromPom, "<insecureRegistries>");
    } catch (IllegalArgumentException e) {
      throw new BuildFailure(e.getMessage());
    }
  }
}
