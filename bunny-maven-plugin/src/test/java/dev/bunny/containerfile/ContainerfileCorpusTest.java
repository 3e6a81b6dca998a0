package dev.bunny.containerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.spec.LocatedFieldNamer;
import dev.bunny.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code containerfile/valid/*.Containerfile} (must parse; the result must equal the
 * sibling {@code .ast} dump) and every {@code containerfile/invalid/*.Containerfile} (must fail
 * with exactly the problem lines of the sibling {@code .expected}, as SpecException renders them).
 * An optional sibling {@code .args} holds build arguments, one {@code NAME=value} a line.
 *
 * <p>Run with {@code -Dcontainerfile.bless=true} to (re)write the golden files after a deliberate
 * change; review the diff before keeping it.
 */
class ContainerfileCorpusTest {

  private static final String NAME = "Containerfile";
  private static final boolean BLESS = Boolean.getBoolean("containerfile.bless");

  static Path corpus(String kind) {
    try {
      return Path.of(ContainerfileCorpusTest.class.getResource("/containerfile/" + kind).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> files(String kind) {
    try (Stream<Path> s = Files.list(corpus(kind))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".Containerfile")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> validFiles() {
    return files("valid");
  }

  static List<String> invalidFiles() {
    return files("invalid");
  }

  static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> buildArgs(Path containerfile) {
    Path args = sibling(containerfile, ".args");
    Map<String, String> out = new LinkedHashMap<>();
    if (Files.exists(args)) {
      for (String line : read(args).split("\n")) {
        if (!line.isBlank()) {
          int eq = line.indexOf('=');
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static Path sibling(Path containerfile, String extension) {
    String n = containerfile.getFileName().toString();
    return containerfile.resolveSibling(n.substring(0, n.length() - ".Containerfile".length()) + extension);
  }

  private static void compare(Path golden, String actual, String kind) throws IOException {
    if (BLESS) {
      String n = golden.getFileName().toString();
      Files.writeString(Path.of("src/test/resources/containerfile", kind, n), actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(golden).as("golden file %s", golden.getFileName()).exists();
    assertThat(actual).isEqualTo(read(golden));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void validFileParses(String file) throws Exception {
    Path p = corpus("valid").resolve(file);
    Containerfile cf = ContainerfileParser.parse(read(p), NAME, buildArgs(p));
    assertThat(cf.stages()).isNotEmpty();
    compare(sibling(p, ".ast"), Dump.of(cf), "valid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidFileFailsWithExpectedProblems(String file) throws Exception {
    Path p = corpus("invalid").resolve(file);
    SpecException e = assertThrows(SpecException.class, () -> ContainerfileParser.parse(read(p), NAME, buildArgs(p)));
    LocatedFieldNamer namer = new LocatedFieldNamer(NAME);
    StringBuilder rendered = new StringBuilder();
    e.problems().forEach(pr -> rendered.append(pr.render(namer)).append('\n'));
    compare(sibling(p, ".expected"), rendered.toString(), "invalid");
    // SpecException's own message lists the same lines.
    for (String line : rendered.toString().split("\n")) {
      assertThat(e.getMessage()).contains("\n  - " + line);
    }
  }

  @Test
  void corpusIsThere() {
    assertThat(validFiles()).contains("redis-rumprun-hvt.Containerfile", "chttp-unikraft-qemu.Containerfile");
    assertThat(invalidFiles()).isNotEmpty();
  }
}
