package dev.bunny.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** bunny's short include form {@code src:dst} (facts §2.2). */
class FileIncludeTest {

  @ParameterizedTest(name = "''{0}'' -> {1} : {2}")
  @CsvSource(delimiter = '|', value = {
      "conf/:/conf              | conf/      | /conf",
      "redis.conf               | redis.conf | redis.conf",
      "redis.conf:              | redis.conf | redis.conf",
      "' a.txt : /etc/a.txt '   | a.txt      | /etc/a.txt",
      "a:b:c                    | a          | b:c",
      "site:/                   | site       | /"})
  void splitsOnTheFirstColonAndDefaultsTheDestinationToTheSource(String text, String source, String destination) {
    FileInclude inc = FileInclude.parseShort(text, "rootfs.includes[4]");

    assertThat(inc).isEqualTo(new FileInclude("local", source, destination, "rootfs.includes[4]"));
    assertThat(inc.isLocal()).isTrue();
    assertThat(inc).hasToString(source + ":" + destination);
  }

  @ParameterizedTest
  @ValueSource(strings = {":/conf", "  :/conf", "", ":"})
  void anEmptySourceIsRejectedWithAnExample(String text) {
    assertThatThrownBy(() -> FileInclude.parseShort(text, "rootfs.includes[0]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' has an empty source; write it as source:destination, e.g. redis.conf:/conf/redis.conf");
  }

  @Test
  void aBlankFromMeansLocal() {
    assertThat(new FileInclude(null, "a", "/a", "files[0]").from()).isEqualTo("local");
    assertThat(new FileInclude(" ", "a", "/a", "files[0]").isLocal()).isTrue();
    assertThat(new FileInclude("registry.example.com/base:1", "/a", "/a", "files[0]").isLocal()).isFalse();
  }
}
