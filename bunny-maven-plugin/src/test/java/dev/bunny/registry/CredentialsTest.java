package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's credential sources and the rules that keep secrets out of text. */
class CredentialsTest {

  @TempDir Path tmp;

  @Test
  void aCredentialNeverPrintsItsSecret() {
    RegistryCredential c = new RegistryCredential("robot$account-with-long-name", "hunter2-Secret", "the POM");
    assertThat(c.toString()).isEqualTo("credentials from the POM (secret hidden)")
        .doesNotContain("hunter2").doesNotContain("robot$");
    String basic = Base64.getEncoder().encodeToString("robot$account-with-long-name:hunter2-Secret".getBytes(StandardCharsets.UTF_8));
    assertThat(c.redact("Authorization: Basic " + basic + " password=hunter2-Secret user=robot$account-with-long-name"))
        .isEqualTo("Authorization: Basic ****** password=****** user=******");
  }

  @Test
  void shortUsernamesStayReadable() {
    assertThat(new RegistryCredential("bob", "pw-123456", "x").redact("user bob, pw pw-123456")).isEqualTo("user bob, pw ******");
  }

  @Test
  void explicitCredentialsNeedBothHalves() throws Exception {
    assertThat(new ExplicitCredentials(null, "", "-D", "h").find("r")).isEmpty();
    assertThat(new ExplicitCredentials(" alice ", "pw", "-D", "h").find("r").orElseThrow().username()).isEqualTo("alice");
    BuildFailure e = assertThrows(BuildFailure.class, () -> new ExplicitCredentials(null, "Secret-1", "<auth>", "set x").find("r"));
    assertThat(e.getMessage()).isEqualTo("<auth> gives a password but no username: set both (set x)").doesNotContain("Secret-1");
    e = assertThrows(BuildFailure.class, () -> new ExplicitCredentials("alice", null, "<auth>", "set x").find("r"));
    assertThat(e.getMessage()).isEqualTo("<auth> gives a username but no password: set both (set x)");
  }

  @Test
  void theChainTakesTheFirstSourceThatHasOne() throws Exception {
    CredentialChain chain = new CredentialChain(List.of(
        new ExplicitCredentials(null, null, "first", "h"),
        new ExplicitCredentials("u2", "p2", "second", "h"),
        new ExplicitCredentials("u3", "p3", "third", "h")));
    assertThat(chain.find("r").orElseThrow().source()).isEqualTo("second");
    assertThat(chain.describe("r")).containsExactly("first", "second", "third");
    assertThat(new CredentialChain(List.of()).find("r")).isEmpty();
  }

  @Test
  void dockerConfigAuthsWithTheDockerConfigVariable() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("docker"));
    String auth = Base64.getEncoder().encodeToString("duser:dpass:with:colons".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("config.json"),
        "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");
    Path file = DockerConfigCredentials.defaultConfigFile(Map.of("DOCKER_CONFIG", dir.toString()), "/nonexistent");
    assertThat(file).isEqualTo(dir.resolve("config.json"));
    RecordingLog log = new RecordingLog();
    DockerConfigCredentials docker = new DockerConfigCredentials(file, log);

    RegistryCredential c = docker.find("127.0.0.1:5000").orElseThrow();
    assertThat(c.username()).isEqualTo("duser");
    assertThat(c.password()).isEqualTo("dpass:with:colons");
    assertThat(c.source()).isEqualTo("docker config " + file);
    assertThat(docker.find("docker.io").orElseThrow().username()).isEqualTo("duser"); // Docker Hub's aliases
    assertThat(docker.find("127.0.0.1:5001")).isEmpty();
    assertThat(log.all()).doesNotContain("dpass").doesNotContain(auth);
  }

  @Test
  void podmansAuthFileIsReadLikeADockerConfig() throws Exception {
    Path runtime = Files.createDirectories(tmp.resolve("run/containers"));
    Files.writeString(runtime.resolve("auth.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
        + java.util.Base64.getEncoder().encodeToString("puser:ppass".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "\"}}}");
    Path file = DockerConfigCredentials.containersAuthFile(Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString()), "/h");

    RegistryCredential found = new DockerConfigCredentials(file, new RecordingLog(), "containers auth file")
        .find("127.0.0.1:5000").orElseThrow();

    assertThat(found.username()).isEqualTo("puser");
    assertThat(found.password()).isEqualTo("ppass");
    assertThat(found.source()).isEqualTo("containers auth file " + file);
    assertThat(DockerConfigCredentials.containersAuthFile(Map.of("REGISTRY_AUTH_FILE", "/x/auth.json"), "/h"))
        .isEqualTo(Path.of("/x/auth.json"));
    assertThat(DockerConfigCredentials.containersAuthFile(Map.of(), "/h"))
        .isEqualTo(Path.of("/h/.config/containers/auth.json"));
  }

  @Test
  void dockerConfigDefaultsToTheHomeDirectoryAndMayBeAbsent() throws Exception {
    assertThat(DockerConfigCredentials.defaultConfigFile(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.docker/config.json"));
    DockerConfigCredentials absent = new DockerConfigCredentials(tmp.resolve("none.json"), new RecordingLog());
    assertThat(absent.find("r.io")).isEqualTo(Optional.empty());
    assertThat(absent.describe("r.io")).endsWith("(absent)");
  }

  @Test
  void aCredentialHelperThatIsMissingIsAWarningNotACrash() throws Exception {
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"credHelpers\":{\"r.example\":\"bunny-test-no-such-helper\"}}");
    RecordingLog log = new RecordingLog();

    assertThat(new DockerConfigCredentials(file, log).find("r.example")).isEmpty();
    assertThat(log.lines).anyMatch(l -> l.startsWith("WARN docker config: ") && l.contains("bunny-test-no-such-helper"));
  }
}
