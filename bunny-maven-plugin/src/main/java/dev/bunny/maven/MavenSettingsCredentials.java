package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.registry.CredentialLookup;
import dev.bunny.registry.RegistryCredential;
import dev.bunny.registry.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Credentials from a settings.xml {@code <server>} whose {@code <id>} is the registry: first
 * {@code host:port} as the image name has it, then {@code host} alone. Passwords encrypted with
 * {@code mvn --encrypt-password} are decrypted with Maven's {@link SettingsDecrypter} (master
 * password in {@code ~/.m2/settings-security.xml} or {@code -Dsettings.security}); a password that
 * cannot be decrypted is an error, not a silent anonymous push.
 */
public final class MavenSettingsCredentials implements CredentialLookup {

  private final Settings settings;
  private final SettingsDecrypter decrypter;

  public MavenSettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  /** The server ids tried for {@code registry}, in order. */
  static List<String> serverIds(String registry) {
    List<String> ids = new ArrayList<>();
    ids.add(registry);
    String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
        : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
    if (!host.equals(registry)) {
      ids.add(host);
    }
    return ids;
  }

  @Override
  public Optional<RegistryCredential> find(String registry) throws BuildFailure {
    if (settings == null) {
      return Optional.empty();
    }
    for (String id : serverIds(registry)) {
      Server server = server(id);
      if (server == null || (server.getUsername() == null && server.getPassword() == null)) {
        continue;
      }
      String where = "settings.xml <server> '" + server.getId() + "'";
      Server decrypted = decrypt(server, where);
      if (decrypted.getUsername() == null || decrypted.getUsername().isBlank()) {
        throw new BuildFailure(where + " has a <password> but no <username>; registries need both");
      }
      if (decrypted.getPassword() == null) {
        throw new BuildFailure(where + " has a <username> but no <password>; registries need both");
      }
      return Optional.of(new RegistryCredential(decrypted.getUsername(), decrypted.getPassword(), where));
    }
    return Optional.empty();
  }

  /** Server ids are matched case-insensitively: host names are. */
  private Server server(String id) {
    Server exact = settings.getServer(id);
    if (exact != null) {
      return exact;
    }
    for (Server s : settings.getServers()) {
      if (s.getId() != null && s.getId().toLowerCase(Locale.ROOT).equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }

  private Server decrypt(Server server, String where) throws BuildFailure {
    if (decrypter == null) {
      return server;
    }
    SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    for (SettingsProblem problem : result.getProblems()) {
      if (problem.getSeverity() == SettingsProblem.Severity.ERROR || problem.getSeverity() == SettingsProblem.Severity.FATAL) {
        // The message names the server and the cause (e.g. a missing settings-security.xml); the
        // encrypted text is not the secret, but keep it out too.
        String message = Secrets.redact(problem.getMessage(), server.getPassword());
        throw new BuildFailure(where + ": the password cannot be decrypted (" + message + "). Check the master"
            + " password in settings-security.xml (~/.m2/settings-security.xml, or the file -Dsettings.security"
            + " names) and re-encrypt the password with mvn --encrypt-password");
      }
    }
    Server decrypted = result.getServer();
    return decrypted != null ? decrypted : server;
  }

  @Override
  public String describe(String registry) {
    List<String> quoted = new ArrayList<>();
    for (String id : serverIds(registry)) {
      quoted.add("'" + id + "'");
    }
    return "settings.xml <server> " + String.join(" or ", quoted);
  }
}
