package dev.bunny.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.build.BuildFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel command lines bunny:run gives guests, after urunc's per-guest rules. */
class GuestCommandLineTest {

  private static Map<String, String> keys(String framework, String version) {
    return version == null
        ? Map.of("com.urunc.unikernel.unikernelType", framework)
        : Map.of("com.urunc.unikernel.unikernelType", framework, "com.urunc.unikernel.unikernelVersion", version);
  }

  @Test
  void unikraftGetsEnvAndTheInitrdFstabBeforeTheArguments() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("unikraft", null), List.of("redis-server", "/conf/redis.conf"), List.of("A=1", "B=2"), true))
        .isEqualTo("Unikraft env.vars=[ A=1 B=2 ] vfs.fstab=[ \"initrd0:/:extract:::\" ] -- redis-server /conf/redis.conf");
  }

  @Test
  void unikraftWithoutInitrdHasNoFilesystemPart() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("unikraft", "0.17.0"), List.of("/app"), List.of(), false))
        .isEqualTo("Unikraft -- /app");
  }

  @Test
  void unikraftOlderThan0161TakesTheOldFormAndNoEnv() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("unikraft", "v0.15.0"), List.of("/app"), List.of("A=1"), true))
        .isEqualTo("Unikraft vfs.rootfs=initrd -- /app");
  }

  @Test
  void anUnparsableUnikraftVersionGetsTheCurrentForm() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("unikraft", "latest"), List.of("/app"), List.of(), true))
        .isEqualTo("Unikraft vfs.fstab=[ \"initrd0:/:extract:::\" ] -- /app");
  }

  @Test
  void linuxStartsTheFirstArgumentAsInitAndQuotesArgumentsWithSpaces() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("linux", null), List.of("/init", "a b", "c"), List.of("GREETING=hi"), true))
        .isEqualTo("panic=-1 console=ttyS0 root=/dev/ram0 rw rdinit=/init GREETING=hi -- 'a b' c");
  }

  @Test
  void linuxWithoutCommandOrInitrdIsRefusedWithTheReason() {
    assertThatThrownBy(() -> GuestCommandLine.of(keys("linux", null), List.of(), List.of(), true))
        .isInstanceOf(BuildFailure.class).hasMessageContaining("needs its init as the first argument");
    assertThatThrownBy(() -> GuestCommandLine.of(keys("linux", null), List.of("/init"), List.of(), false))
        .isInstanceOf(BuildFailure.class).hasMessageContaining("boots linux guests from an initrd only");
  }

  @Test
  void otherGuestsGetTheirArgumentsAsTheyAre() throws BuildFailure {
    assertThat(GuestCommandLine.of(keys("mirage", null), List.of("--port", "80"), List.of("X=1"), false)).isEqualTo("--port 80");
  }

  @Test
  void imageProcessReadsEntrypointCmdAndEnvFromTheConfig() throws Exception {
    ImageProcess p = ImageProcess.fromConfig("{\"created\":\"x\",\"config\":{\"Env\":[\"A=1\"],\"Entrypoint\":[\"/e\"],"
        + "\"Cmd\":[\"a\",\"b c\"],\"Labels\":{\"k\":\"v\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    assertThat(p.args()).containsExactly("/e", "a", "b c");
    assertThat(p.env()).containsExactly("A=1");
  }
}
