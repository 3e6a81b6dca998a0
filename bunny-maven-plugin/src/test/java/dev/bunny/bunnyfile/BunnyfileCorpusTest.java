package dev.bunny.bunnyfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the bunnyfile corpus under {@code src/test/resources/bunnyfile}.
 *
 * <ul>
 *   <li>{@code valid/X.bunnyfile} must parse; {@code valid/X.expected} is the parsed spec, one
 *       field per line with where the parser says it was written (see {@link #dump}).
 *   <li>{@code invalid/X.bunnyfile} must fail with a {@link SpecException}; {@code invalid/X.expected}
 *       holds the exact problem lines of its message (the {@code   - } lines, without that prefix),
 *       in order.
 * </ul>
 *
 * Every file is parsed under the name {@code bunnyfile}. Cases that show a known bug in main code
 * are listed in {@link #KNOWN_BUGS}, left out of the parameterized runs, and run by a
 * {@code @Disabled} test each.
 */
class BunnyfileCorpusTest {

  static final String FILE = "bunnyfile";

  /** Invalid-corpus cases whose .expected file states the correct (bunny-compatible) result. */
  static final Map<String, String> KNOWN_BUGS = Map.of();

  // --- the corpus -------------------------------------------------------------------------------

  static Path corpus(String kind) {
    URL url = BunnyfileCorpusTest.class.getResource("/bunnyfile/" + kind);
    assertThat(url).as("test resource directory bunnyfile/%s", kind).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> names(String kind) {
    try (Stream<Path> files = Files.list(corpus(kind))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".bunnyfile"))
          .map(n -> n.substring(0, n.length() - ".bunnyfile".length()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String kind, String name, String ext) {
    try {
      return Files.readString(corpus(kind).resolve(name + ext), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  static Stream<String> valid() {
    return names("valid").stream();
  }

  static Stream<String> invalid() {
    return names("invalid").stream().filter(n -> !KNOWN_BUGS.containsKey(n));
  }

  /** The problem lines of a SpecException message, without the {@code "  - "} prefix. */
  static List<String> problemLines(SpecException e) {
    List<String> all = lines(e.getMessage());
    assertThat(all.get(0)).isEqualTo((all.size() - 1 == 1 ? "1 problem" : (all.size() - 1) + " problems") + " in " + FILE + ":");
    List<String> out = new ArrayList<>();
    for (String l : all.subList(1, all.size())) {
      assertThat(l).startsWith("  - ");
      out.add(l.substring(4));
    }
    return out;
  }

  /**
   * The parsed spec as text: every field the bunnyfile can set, {@code <unset>} for null, list
   * elements one per line, each followed by where the spec's namer says it was written.
   */
  static String dump(ImageSpec s) {
    StringBuilder sb = new StringBuilder();
    line(sb, s, "platform.framework", s.platform().framework());
    line(sb, s, "platform.monitor", s.platform().monitor());
    line(sb, s, "platform.version", s.platform().version());
    line(sb, s, "platform.architecture", s.platform().architecture());
    if (s.kernel() == null) {
      line(sb, s, "kernel", null);
    } else {
      line(sb, s, "kernel.from", s.kernel().from());
      line(sb, s, "kernel.path", s.kernel().path());
    }
    line(sb, s, "rootfs.from", s.rootfs().from());
    line(sb, s, "rootfs.path", s.rootfs().path());
    line(sb, s, "rootfs.type", s.rootfs().type() == null ? null : s.rootfs().type().id());
    for (int i = 0; i < s.rootfs().includes().size(); i++) {
      FileInclude f = s.rootfs().includes().get(i);
      assertThat(f.field()).isEqualTo("rootfs.includes[" + i + "]");
      line(sb, s, f.field(), "from=" + f.from() + " source=" + f.source() + " destination=" + f.destination());
    }
    list(sb, s, "entrypoint", s.entrypoint());
    list(sb, s, "cmd", s.cmd());
    list(sb, s, "env", s.env());
    return sb.toString();
  }

  private static void list(StringBuilder sb, ImageSpec s, String field, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      line(sb, s, field + "[" + i + "]", values.get(i));
    }
  }

  private static void line(StringBuilder sb, ImageSpec s, String field, String value) {
    sb.append(field).append(" = ").append(value == null ? "<unset>" : value);
    if (value != null) {
      sb.append("    @ ").append(s.namer().name(field));
    }
    sb.append('\n');
  }

  static void assertInvalidCase(String name) {
    String content = read("invalid", name, ".bunnyfile");
    List<String> expected = lines(read("invalid", name, ".expected"));
    SpecException e = parseFailure(content);
    assertThat(problemLines(e)).as("problems of invalid/%s.bunnyfile", name).containsExactlyElementsOf(expected);
    assertThat(e.problems()).hasSize(expected.size());
  }

  static SpecException parseFailure(String content) {
    try {
      ImageSpec s = BunnyfileParser.parse(content, FILE);
      return fail("expected a SpecException, got " + dump(s));
    } catch (SpecException e) {
      return e;
    }
  }

  // --- tests ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "valid/{0}.bunnyfile")
  @MethodSource("valid")
  void validBunnyfileParsesToTheExpectedSpec(String name) throws SpecException {
    ImageSpec spec = BunnyfileParser.parse(read("valid", name, ".bunnyfile"), FILE);
    assertThat(spec.source()).isEqualTo(FILE);
    assertThat(dump(spec)).isEqualTo(read("valid", name, ".expected"));
  }

  @ParameterizedTest(name = "invalid/{0}.bunnyfile")
  @MethodSource("invalid")
  void invalidBunnyfileReportsExactlyTheExpectedProblems(String name) {
    assertInvalidCase(name);
  }

  @ParameterizedTest(name = "invalid/{0}.bunnyfile")
  @MethodSource("invalid")
  void everyParserProblemStartsWithItsLocation(String name) {
    for (String line : problemLines(parseFailure(read("invalid", name, ".bunnyfile")))) {
      assertThat(line).matches(FILE + ":[1-9][0-9]*:[1-9][0-9]*[ :].*");
    }
  }

  @Test
  void everyCaseHasItsExpectedFileAndTheBriefsCasesAreThere() throws IOException {
    for (String kind : List.of("valid", "invalid")) {
      try (Stream<Path> files = Files.list(corpus(kind))) {
        List<String> all = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        for (String f : all) {
          assertThat(f).matches("[a-z0-9.-]+\\.(bunnyfile|expected)");
          String base = f.substring(0, f.lastIndexOf('.'));
          assertThat(all).as("%s/%s needs its sibling", kind, f).contains(base + ".bunnyfile", base + ".expected");
        }
      }
    }
    assertThat(names("valid")).contains(
        "seed-redis-unikraft-initrd", "seed-redis-rumprun-raw", "seed-chttp-unikraft-local-rootfs",
        "readme-unikraft-initrd-cmd-list", "linux-entrypoint-envs", "include-mapping-forms",
        "version-0.1-unquoted", "version-0.0.9", "blank-lines-after-syntax", "no-rootfs-no-cmdline");
    assertThat(names("invalid")).contains(
        "missing-version", "version-not-a-version", "version-0.2.0", "version-999.99", "syntaxax-alone",
        "unknown-key-platfroms", "unknown-nested-key-kernel-pth", "duplicate-key", "cmd-string",
        "include-empty-source", "include-mapping-without-destination", "include-is-a-list",
        "yaml-bad-indentation", "yaml-unterminated-quote", "rootfs-type-foo", "top-level-list", "empty-file");
    assertThat(names("invalid")).containsAll(KNOWN_BUGS.keySet());
  }

  /** The seed bunnyfiles are kept byte for byte as the seed article prints them. */
  @Test
  void seedBunnyfilesAreVerbatimCopiesOfTheSeedArticle() throws IOException {
    Path seed = Path.of("../../shared/seed/packaging-rootfs-for-urunc.txt");
    Assumptions.assumeTrue(Files.isRegularFile(seed), "seed article not present next to the project");
    String article = Files.readString(seed, StandardCharsets.UTF_8);
    for (String name : List.of("seed-redis-unikraft-initrd", "seed-redis-rumprun-raw", "seed-chttp-unikraft-local-rootfs")) {
      String bunnyfile = read("valid", name, ".bunnyfile");
      assertThat(bunnyfile).startsWith("#syntax=harbor.nbfc.io/nubificus/bunny:0.0.2\nversion: v0.1\n");
      assertThat(article).as(name).contains(bunnyfile);
    }
  }

  @Test
  void validCorpusParsesTheSameWithWindowsLineEndings() throws SpecException {
    for (String name : names("valid")) {
      String crlf = read("valid", name, ".bunnyfile").replace("\n", "\r\n");
      assertThat(dump(BunnyfileParser.parse(crlf, FILE))).as(name).isEqualTo(read("valid", name, ".expected"));
    }
  }

  // --- known bugs -------------------------------------------------------------------------------

  @Test
  void commentOnlyBunnyfileReportsTheMissingVersion() {
    assertInvalidCase("syntaxax-alone");
    assertInvalidCase("empty-file");
  }


  @Test
  void yamlErrorWithoutContextHasNoDoubleSpace() {
    assertInvalidCase("yaml-undefined-alias");
  }

  @Test
  void nonScalarValueIsNotAlsoReportedMissing() {
    assertInvalidCase("non-scalar-required-values");
  }

  @Test
  void kernelWithoutValueReportsFromAndPath() {
    assertInvalidCase("kernel-null");
  }

  @Test
  void yamlNullSpellingsAreNull() {
    assertInvalidCase("version-tilde-null");
  }

  @Test
  void versionComparesEverySegment() {
    assertInvalidCase("version-0.1.0.1");
  }
}
