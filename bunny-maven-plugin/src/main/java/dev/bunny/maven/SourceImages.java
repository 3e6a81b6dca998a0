package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.maven.params.AuthParams;
import dev.bunny.source.CachingImageResolver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Source images ({@code kernel.from}, {@code rootfs.from}) as a Maven build resolves them: the
 * credentials and insecure registries of pushing, Maven's offline mode, the project directory for
 * {@code oci:}/{@code oci-archive:} paths, and a pull cache beside Maven's own downloads.
 */
final class SourceImages {

  /** The pull cache below the local repository, unless configured elsewhere. */
  static final String CACHE_SUBDIRECTORY = ".cache/bunny";

  private SourceImages() {}

  /**
   * The pull cache directory: {@code configured} when set (a path relative to the project
   * directory, or absolute), else {@code <local repository>/.cache/bunny}.
   *
   * @param configured e.g. a {@code bunny.cacheDirectory} parameter; null or blank when unset
   * @param localRepository the local repository's directory ({@code ${settings.localRepository}},
   *     or {@code session.getLocalRepository().getBasedir()})
   */
  static Path cacheDirectory(String configured, String localRepository, Path projectDir) throws BuildFailure {
    try {
      if (configured != null && !configured.isBlank()) {
        return projectDir.resolve(configured.trim()).toAbsolutePath().normalize();
      }
      if (localRepository == null || localRepository.isBlank()) {
        throw new BuildFailure("Maven names no local repository, so bunny has no place for its pull cache;"
            + " set the pull cache directory explicitly");
      }
      return Paths.get(localRepository).resolve(CACHE_SUBDIRECTORY).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new BuildFailure("the pull cache directory '" + (configured != null ? configured : localRepository)
          + "' is not a valid path: " + e.getMessage());
    }
  }

  /**
   * The resolver for one build.
   *
   * @param registry the session's registry settings ({@link AbstractBunnyMojo#registryPush})
   * @param projectDir what relative {@code oci:}/{@code oci-archive:} paths are relative to
   * @param cacheDir see {@link #cacheDirectory}
   * @param auth the POM's {@code <auth>}, may be null
   * @param insecureRegistries the POM's {@code <insecureRegistries>}, may be null
   *     ({@code -Dbunny.insecureRegistries} wins, as for pushing)
   */
  static CachingImageResolver resolver(RegistryPush registry, Path projectDir, Path cacheDir, AuthParams auth,
      List<String> insecureRegistries) throws BuildFailure {
    return registry.sourceResolver(projectDir, cacheDir, auth, insecureRegistries);
  }
}
