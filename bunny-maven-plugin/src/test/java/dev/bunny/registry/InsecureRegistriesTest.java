package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Only the registries the user named are insecure, and nothing by default. */
class InsecureRegistriesTest {

  @Test
  void emptyByDefault() {
    assertThat(InsecureRegistries.parse(null, "x").isEmpty()).isTrue();
    assertThat(InsecureRegistries.parse(List.of(" ", ","), "x").isEmpty()).isTrue();
    assertThat(InsecureRegistries.NONE.allows("127.0.0.1:5000")).isFalse();
    assertThat(InsecureRegistries.NONE.allows("localhost")).isFalse(); // no loopback exception
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource({
      "127.0.0.1:5000, 127.0.0.1:5000, true",
      "127.0.0.1:5000, 127.0.0.1:5001, false",
      "127.0.0.1:5000, 127.0.0.1, false",
      "127.0.0.1, 127.0.0.1:5001, true", // a host without port: that host on any port
      "127.0.0.1, 127.0.0.2:5001, false",
      "registry.local, REGISTRY.local:443, true", // host names are case-insensitive
      "registry.local, other.registry.local, false", // no subdomains
      "registry.local, registry.local.evil.com, false",
      "[::1]:5000, [::1]:5000, true",
      "[::1], [::1]:5000, true",
  })
  void matchesExactlyTheNamedRegistry(String entry, String registry, boolean allowed) {
    assertThat(InsecureRegistries.parse(List.of(entry), "x").allows(registry)).isEqualTo(allowed);
  }

  @Test
  void aPropertyGivesACommaSeparatedList() {
    InsecureRegistries r = InsecureRegistries.parse(List.of("a.local:1, b.local"), "-Dbunny.insecureRegistries");
    assertThat(r.entries()).containsExactly("a.local:1", "b.local");
    assertThat(r.allows("a.local:1")).isTrue();
    assertThat(r.allows("a.local:2")).isFalse();
    assertThat(r.allows("b.local:9")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:5000", "127.0.0.1:5000/path", "*.local", "host:port", "a b"})
  void refusesWhatIsNotARegistry(String entry) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InsecureRegistries.parse(Arrays.asList("ok.local", entry), "<insecureRegistries>"));
    assertThat(e.getMessage()).startsWith("<insecureRegistries>: '" + entry.trim() + "' is not a registry; give host or host:port");
  }
}
