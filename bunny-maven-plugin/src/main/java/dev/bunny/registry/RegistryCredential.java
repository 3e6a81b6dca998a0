package dev.bunny.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A username and password for one registry, with where they came from. {@link #toString()} never
 * shows the password (nor the username, which some registries use for tokens too): log {@link
 * #source()} instead.
 */
public final class RegistryCredential {

  private final String username;
  private final String password;
  private final String source;

  /**
   * @param source where the credential came from, for log lines and messages, e.g. {@code
   *     "<auth> in the POM"}; must not contain the secret
   */
  public RegistryCredential(String username, String password, String source) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
    this.source = Objects.requireNonNull(source, "source");
  }

  public String username() {
    return username;
  }

  /** The secret: hand it to the transport, never to a log line or a message. */
  public String password() {
    return password;
  }

  public String source() {
    return source;
  }

  /**
   * Replaces in {@code text} the password, the username if it is long enough to be a token, and
   * the base64 {@code username:password} an HTTP Basic header or a docker config carries.
   */
  public String redact(String text) {
    String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Secrets.redact(text, basic, password, username.length() >= 16 ? username : null);
  }

  @Override
  public String toString() {
    return "credentials from " + source + " (secret hidden)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryCredential c && c.username.equals(username) && c.password.equals(password)
        && c.source.equals(source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, password, source);
  }
}
