package dev.bunny.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.maven.params.AuthParams;
import dev.bunny.registry.RegistryCredential;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented credential order: -D properties, the POM's {@code <auth>}, the environment,
 * settings.xml ({@code host:port}, then {@code host}), docker config, anonymous; settings.xml
 * decryption; offline mode; and that no secret reaches a message or a log line.
 */
class PushCredentialsTest {

  private static final String REGISTRY = "registry.example:5000";

  @TempDir Path tmp;

  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private final Settings settings = new Settings();
  private final List<String> logLines = new ArrayList<>();
  private AuthParams pom;
  private SettingsDecrypter decrypter = PushCredentialsTest::plainDecrypt;

  private final BuildLog log = new BuildLog() {
    @Override
    public void info(String m) {
      logLines.add(m);
    }

    @Override
    public void warn(String m) {
      logLines.add(m);
    }

    @Override
    public void debug(String m) {
      logLines.add(m);
    }
  };

  @BeforeEach
  void everySourceHasOne() throws Exception {
    properties.put(BunnyProperties.AUTH_USERNAME, "prop-user");
    properties.put(BunnyProperties.AUTH_PASSWORD, "prop-Secret");
    pom = new AuthParams();
    pom.username = "pom-user";
    pom.password = "pom-Secret";
    env.put(RegistryPush.ENV_USERNAME, "env-user");
    env.put(RegistryPush.ENV_PASSWORD, "env-Secret");
    settings.addServer(server(REGISTRY, "port-user", "port-Secret"));
    settings.addServer(server("registry.example", "host-user", "host-Secret"));
    Path docker = Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("docker-user:docker-Secret".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
    env.put("DOCKER_CONFIG", docker.toString());
  }

  private RegistryPush push(boolean offline) {
    return new RegistryPush(properties::get, settings, offline, decrypter, env, tmp.toString(), log);
  }

  private Optional<RegistryCredential> find() throws BuildFailure {
    return push(false).credentials(pom).find(REGISTRY);
  }

  @Test
  void theDocumentedOrder() throws Exception {
    assertThat(find().orElseThrow().source()).isEqualTo("-Dbunny.auth.username/-Dbunny.auth.password");
    assertThat(find().orElseThrow().password()).isEqualTo("prop-Secret");

    properties.clear();
    assertThat(find().orElseThrow().source()).isEqualTo("<auth> in the POM");
    assertThat(find().orElseThrow().password()).isEqualTo("pom-Secret");

    pom = null;
    assertThat(find().orElseThrow().source()).isEqualTo("environment BUNNY_REGISTRY_USERNAME/BUNNY_REGISTRY_PASSWORD");

    env.remove(RegistryPush.ENV_USERNAME);
    env.remove(RegistryPush.ENV_PASSWORD);
    assertThat(find().orElseThrow().source()).isEqualTo("settings.xml <server> 'registry.example:5000'");
    assertThat(find().orElseThrow().password()).isEqualTo("port-Secret");

    settings.removeServer(settings.getServer(REGISTRY));
    assertThat(find().orElseThrow().source()).isEqualTo("settings.xml <server> 'registry.example'");
    assertThat(find().orElseThrow().password()).isEqualTo("host-Secret");

    settings.removeServer(settings.getServer("registry.example"));
    assertThat(find().orElseThrow().source()).isEqualTo("docker config " + tmp.resolve("docker/config.json"));
    assertThat(find().orElseThrow().username()).isEqualTo("docker-user");

    env.remove("DOCKER_CONFIG"); // then ~/.docker/config.json under the (empty) home: none
    assertThat(find()).isEmpty();
    assertThat(push(false).credentials(pom).describe(REGISTRY)).containsExactly(
        "-Dbunny.auth.username/-Dbunny.auth.password",
        "<auth> in the POM",
        "environment BUNNY_REGISTRY_USERNAME/BUNNY_REGISTRY_PASSWORD",
        "settings.xml <server> 'registry.example:5000' or 'registry.example'",
        "docker config " + tmp.resolve(".docker/config.json") + " (absent)",
        "containers auth file " + tmp.resolve(".config/containers/auth.json") + " (absent)");
    assertNoSecretLogged();
  }

  @Test
  void serverIdsAreTriedWithPortThenWithout() {
    assertThat(MavenSettingsCredentials.serverIds("r.io:5000")).containsExactly("r.io:5000", "r.io");
    assertThat(MavenSettingsCredentials.serverIds("r.io")).containsExactly("r.io");
    assertThat(MavenSettingsCredentials.serverIds("[::1]:5000")).containsExactly("[::1]:5000", "[::1]");
  }

  @Test
  void halfAnExplicitCredentialIsAnErrorThatNamesBothWays() {
    properties.remove(BunnyProperties.AUTH_USERNAME);
    BuildFailure e = assertThrows(BuildFailure.class, this::find);
    assertThat(e.getMessage()).startsWith("-Dbunny.auth.username/-Dbunny.auth.password gives a password but no username:"
        + " set both (-Dbunny.auth.username and -Dbunny.auth.password, <auth><username/><password/></auth>, or"
        + " BUNNY_REGISTRY_USERNAME and BUNNY_REGISTRY_PASSWORD)").doesNotContain("prop-Secret");
  }

  @Test
  void encryptedPasswordsAreDecryptedByMaven() throws Exception {
    properties.clear();
    pom = null;
    env.clear();
    settings.getServer(REGISTRY).setPassword("{ENCRYPTED}");
    decrypter = request -> {
      Server s = request.getServers().get(0).clone();
      s.setPassword("decrypted-Secret");
      return result(s, List.of());
    };
    assertThat(find().orElseThrow().password()).isEqualTo("decrypted-Secret");
  }

  @Test
  void aPasswordThatCannotBeDecryptedIsAClearErrorWithoutTheSecret() {
    properties.clear();
    pom = null;
    env.clear();
    settings.getServer(REGISTRY).setPassword("{aSTqCXdppzMHxsGUc0ZpAamtA4MHIKbB6=}");
    decrypter = request -> result(request.getServers().get(0), List.of(new DefaultSettingsProblem(
        "Failed to decrypt password for server registry.example:5000: bad master {aSTqCXdppzMHxsGUc0ZpAamtA4MHIKbB6=}",
        SettingsProblem.Severity.ERROR, "server: registry.example:5000", -1, -1, null)));

    BuildFailure e = assertThrows(BuildFailure.class, this::find);

    assertThat(e.getMessage()).startsWith("settings.xml <server> 'registry.example:5000': the password cannot be"
        + " decrypted (Failed to decrypt password for server registry.example:5000: bad master ******).")
        .contains("settings-security.xml").contains("-Dsettings.security")
        .doesNotContain("aSTqCXdppzMHxsGUc0ZpAamtA4MHIKbB6");
  }

  @Test
  void aServerWithoutUsernameIsAnError() {
    properties.clear();
    pom = null;
    env.clear();
    settings.getServer(REGISTRY).setUsername(null);
    BuildFailure e = assertThrows(BuildFailure.class, this::find);
    assertThat(e.getMessage()).isEqualTo("settings.xml <server> 'registry.example:5000' has a <password> but no <username>;"
        + " registries need both");
  }

  @Test
  void offlineFailsBeforeAnyNetworkUse() {
    RegistryTransport.Factory noNetwork = (r, repo, c, i, l) -> {
      throw new AssertionError("the network was used");
    };
    BuildFailure e = assertThrows(BuildFailure.class,
        () -> push(true).with(noNetwork, RetryPolicy.DEFAULT).push(tmp.resolve("layout"), pom, null, null));
    assertThat(e.getMessage()).isEqualTo("pushing needs the network, but Maven runs offline (-o, or <offline>true</offline>"
        + " in settings.xml): run without -o, or skip the push with -Dbunny.push.skip=true");
  }

  @Test
  void theInsecurePropertyOverridesThePom() throws Exception {
    assertThat(push(false).insecure(List.of("a.local")).entries()).containsExactly("a.local");
    properties.put(BunnyProperties.INSECURE_REGISTRIES, "b.local:1,c.local");
    assertThat(push(false).insecure(List.of("a.local")).entries()).containsExactly("b.local:1", "c.local");
    properties.put(BunnyProperties.INSECURE_REGISTRIES, "http://b.local");
    BuildFailure e = assertThrows(BuildFailure.class, () -> push(false).insecure(null));
    assertThat(e.getMessage()).startsWith("-Dbunny.insecureRegistries: 'http://b.local' is not a registry");
  }

  @Test
  void authParamsNeverPrintThePassword() {
    // mvn -X prints every parameter with toString().
    assertThat(pom.toString()).isEqualTo("<auth> (username set, password hidden)").doesNotContain("pom-Secret");
  }

  private void assertNoSecretLogged() {
    for (String line : logLines) {
      assertThat(line).doesNotContainPattern("[a-z]+-Secret");
    }
  }

  private static Server server(String id, String user, String password) {
    Server s = new Server();
    s.setId(id);
    s.setUsername(user);
    s.setPassword(password);
    return s;
  }

  private static SettingsDecryptionResult plainDecrypt(SettingsDecryptionRequest request) {
    return result(request.getServers().get(0), List.of());
  }

  private static SettingsDecryptionResult result(Server server, List<SettingsProblem> problems) {
    return new SettingsDecryptionResult() {
      @Override
      public Server getServer() {
        return server;
      }

      @Override
      public List<Server> getServers() {
        return List.of(server);
      }

      @Override
      public org.apache.maven.settings.Proxy getProxy() {
        return null;
      }

      @Override
      public List<org.apache.maven.settings.Proxy> getProxies() {
        return List.of();
      }

      @Override
      public List<SettingsProblem> getProblems() {
        return problems;
      }
    };
  }
}
