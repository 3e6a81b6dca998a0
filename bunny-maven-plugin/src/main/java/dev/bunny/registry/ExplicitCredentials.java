package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import java.util.Optional;

/**
 * Credentials given outright (the POM's {@code <auth>}, {@code -D} properties, environment
 * variables): they apply to every registry the image is pushed to.
 */
public final class ExplicitCredentials implements CredentialLookup {

  private final String username;
  private final String password;
  private final String source;
  private final String hint;

  /**
   * @param username may be null or blank (then there are no explicit credentials, unless the
   *     password is set, which is an error)
   * @param source where they came from, for log lines (e.g. {@code "<auth> in the POM"})
   * @param hint how to set both, for the message when only one is set
   */
  public ExplicitCredentials(String username, String password, String source, String hint) {
    this.username = blankToNull(username);
    this.password = password == null || password.isEmpty() ? null : password;
    this.source = source;
    this.hint = hint;
  }

  @Override
  public Optional<RegistryCredential> find(String registry) throws BuildFailure {
    if (username == null && password == null) {
      return Optional.empty();
    }
    if (username == null || password == null) {
      throw new BuildFailure(source + " gives a " + (username == null ? "password but no username" : "username but no password")
          + ": set both (" + hint + ")");
    }
    return Optional.of(new RegistryCredential(username, password, source));
  }

  @Override
  public String describe(String registry) {
    return source;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
