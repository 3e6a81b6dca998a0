package dev.bunny.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else {@code
 * ~/.docker/config.json}): its {@code auths} entries, its {@code credsStore} and its {@code
 * credHelpers} (run as {@code docker-credential-<name>}), with Docker Hub's aliases, through
 * jib-core's public credential API ({@code frontend.CredentialRetrieverFactory}), not its internals.
 * Podman, skopeo and buildah keep their logins in an {@code auth.json} of the same format, read
 * the same way ({@link #containersAuthFile}).
 */
public final class DockerConfigCredentials implements CredentialLookup {

  private final Path configFile;
  private final BuildLog log;
  private final String kind;

  public DockerConfigCredentials(Path configFile, BuildLog log) {
    this(configFile, log, "docker config");
  }

  /** @param kind how messages name the file ({@code docker config}, {@code containers auth file}) */
  public DockerConfigCredentials(Path configFile, BuildLog log, String kind) {
    this.configFile = configFile;
    this.log = log;
    this.kind = kind;
  }

  /**
   * The file {@code podman login} writes: {@code $REGISTRY_AUTH_FILE}, else {@code
   * $XDG_RUNTIME_DIR/containers/auth.json}, else {@code ~/.config/containers/auth.json}.
   */
  public static Path containersAuthFile(Map<String, String> env, String userHome) {
    String file = env.get("REGISTRY_AUTH_FILE");
    if (file != null && !file.isBlank()) {
      return Paths.get(file);
    }
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank() && Files.isRegularFile(Paths.get(runtime, "containers", "auth.json"))) {
      return Paths.get(runtime, "containers", "auth.json");
    }
    return Paths.get(userHome, ".config", "containers", "auth.json");
  }

  /** The config file docker itself reads, given the environment and the user's home. */
  public static Path defaultConfigFile(Map<String, String> env, String userHome) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Paths.get(dir, "config.json");
    }
    return Paths.get(userHome, ".docker", "config.json");
  }

  @Override
  public Optional<RegistryCredential> find(String registry) throws BuildFailure {
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    ImageReference ref;
    try {
      ref = ImageReference.of(registry, "bunny", null);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    // jib logs which file it used and warns about credential helpers it cannot run; neither
    // message carries a secret.
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ref, this::onJibLog);
    try {
      Optional<Credential> found = factory.dockerConfig(configFile).retrieve();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Credential c = found.get();
      if (c.isOAuth2RefreshToken()) {
        log.warn(kind + " " + configFile + " holds an identity token for " + registry
            + "; bunny:push supports username and password only, so it is ignored");
        return Optional.empty();
      }
      return Optional.of(new RegistryCredential(c.getUsername(), c.getPassword(), kind + " " + configFile));
    } catch (CredentialRetrievalException e) {
      throw new BuildFailure("cannot read credentials for " + registry + " from " + kind + " " + configFile
          + ": " + e.getMessage() + "; fix the file or its credential helper, or give credentials another way");
    }
  }

  private void onJibLog(LogEvent e) {
    if (e.getLevel() == LogEvent.Level.WARN || e.getLevel() == LogEvent.Level.ERROR) {
      log.warn(kind + ": " + e.getMessage());
    } else {
      log.debug(kind + ": " + e.getMessage());
    }
  }

  @Override
  public String describe(String registry) {
    return kind + " " + configFile + (Files.isRegularFile(configFile) ? "" : " (absent)");
  }
}
