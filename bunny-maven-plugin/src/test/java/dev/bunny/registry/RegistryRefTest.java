package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fully qualified names bunny:build writes into index.json, split for a push. */
class RegistryRefTest {

  @Test
  void splitsHostRepositoryAndTag() {
    RegistryRef r = RegistryRef.parse("127.0.0.1:5000/team/app:1.0");
    assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(r.repository()).isEqualTo("team/app");
    assertThat(r.tag()).isEqualTo("1.0");
    assertThat(r.hostOnly()).isEqualTo("127.0.0.1");
    assertThat(r.apiHost()).isEqualTo("127.0.0.1:5000");
    assertThat(r).hasToString("127.0.0.1:5000/team/app:1.0");
  }

  @Test
  void dockerHubIsServedFromItsApiHost() {
    RegistryRef r = RegistryRef.parse("docker.io/library/redis:7");
    assertThat(r.registry()).isEqualTo("docker.io");
    assertThat(r.apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(RegistryRef.parse("index.docker.io/a/b:1").registry()).isEqualTo("docker.io");
  }

  @Test
  void defaultsTheTagAndRejectsWhatCannotBePushed() {
    assertThat(RegistryRef.parse("localhost/app").tag()).isEqualTo("latest");
    assertThrows(IllegalArgumentException.class, () -> RegistryRef.parse("app:1"));
    assertThrows(IllegalArgumentException.class, () -> RegistryRef.parse("team/app:1"));
    assertThrows(IllegalArgumentException.class, () -> RegistryRef.parse("r.io/app@sha256:" + "a".repeat(64)));
  }
}
