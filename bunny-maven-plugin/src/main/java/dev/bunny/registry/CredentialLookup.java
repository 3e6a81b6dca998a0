package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import java.util.Optional;

/**
 * One place credentials may come from (the POM, Maven's settings.xml, docker's config.json, ...).
 * Implementations that need a build tool live at the edge; the core only sees this interface.
 */
public interface CredentialLookup {

  /**
   * The credential for {@code registry} ({@code host[:port]} as in the image name), or empty when
   * this source has none for it.
   *
   * @throws BuildFailure when this source is configured but unusable (e.g. a settings.xml password
   *     that cannot be decrypted): the user must fix it rather than silently push anonymously
   */
  Optional<RegistryCredential> find(String registry) throws BuildFailure;

  /**
   * What this source looked at for {@code registry}, for the log line that says no credentials
   * were found (e.g. {@code "settings.xml <server> '127.0.0.1:5000' or '127.0.0.1'"}).
   */
  String describe(String registry);
}
