package dev.bunny.maven.params;

/**
 * {@code <auth>}: a username and password for the registry the image is pushed to. Prefer a
 * settings.xml {@code <server>} (encrypted passwords) or the environment to a password in the POM.
 */
public class AuthParams {
  /** Property {@code bunny.auth.username}; environment {@code BUNNY_REGISTRY_USERNAME}. */
  public String username;

  /** Property {@code bunny.auth.password}; environment {@code BUNNY_REGISTRY_PASSWORD}. */
  public String password;

  /** Maven prints parameter values with {@code -X}: never the password. */
  @Override
  public String toString() {
    return "<auth> (username " + (username == null ? "unset" : "set") + ", password "
        + (password == null ? "unset" : "hidden") + ")";
  }
}
