package dev.bunny.bunnyfile;

import static dev.bunny.bunnyfile.BunnyfileCorpusTest.FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the text, {@link BunnyfileParser#parse} returns a spec or throws {@link SpecException}:
 * never another exception or error, never a hang. Inputs are YAML-ish token soup and mutations of
 * the valid corpus (lines and characters deleted, inserted, duplicated, swapped; indentation
 * changed; anchors and aliases; deep nesting; long strings; NUL and other special characters).
 */
class BunnyfileParserPropertiesTest {

  private static final List<String> CORPUS = BunnyfileCorpusTest.names("valid").stream()
      .map(n -> BunnyfileCorpusTest.read("valid", n, ".bunnyfile"))
      .collect(Collectors.toList());

  private static final List<String> TOKENS = List.of(
      "\n", "\n", "\n", " ", "  ", "    ", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", ", ",
      "&a ", "*a", "&b ", "*b", "& ", "*", "!!str ", "!!map ", "!!seq ", "!!null ", "!!binary ", "!foo ", "!<tag:x,2000:y> ",
      "? ", "#", "# comment\n", "'", "\"", "\\", "\\0", "\\x", "\\u12", "|", "|-\n", ">+\n", "---\n", "...\n", "--- ",
      "%YAML 1.2\n", "%YAML 9.9\n", "%TAG ! tag:x,2000:\n", "<<: ", "~", "null", "true", "0x1F", ".inf", "\t", "\0", "\r",
      "\r\n", "\u0085", "\u2028", "\uFEFF", "\uD800", "\uDC00", "\uD83D\uDE00", "\u001B[2J", "\u00e9", "@", "`", "%",
      "version", "v0.1", "0.1", "0.2.0", "platforms", "framework", "monitor", "architecture", "unikraft", "qemu",
      "kernel", "from", "path", "local", "scratch", "rootfs", "type", "include", "initrd", "raw", "block", "cmd",
      "cmdline", "entrypoint", "envs", "source", "destination", "a:/b", ":/x", "redis.conf:/conf/redis.conf");

  /** DOTALL: values are echoed raw, so a problem line may hold NEL, LINE SEPARATOR or CR. */
  private static final Pattern LOCATION = Pattern.compile(Pattern.quote(FILE) + ":(\\d+):(\\d+)[ :].*", Pattern.DOTALL);

  // --- the property -------------------------------------------------------------------------------

  /** Parses {@code input}; fails with the input when anything but a SpecException escapes. */
  static ImageSpec parseOrSpecException(String input) {
    try {
      return BunnyfileParser.parse(input, FILE);
    } catch (SpecException e) {
      checkProblems(input, e);
      return null;
    } catch (Throwable t) {
      throw new AssertionError("BunnyfileParser.parse threw " + t + " for input " + show(input), t);
    }
  }

  /**
   * Every parser problem is listed, each starting with a location inside the input. Entries are
   * split on {@code "\n  - "}, not on line breaks: a problem may itself hold a line break (pinned by
   * BunnyfileBehaviourTest.Yaml#problemsHoldNoLineBreaks, disabled until fixed).
   */
  private static void checkProblems(String input, SpecException e) {
    // descriptions are suppliers: rendering the input for every assertion would dominate the run time
    assertThat(e.problems()).as(() -> "problems of " + show(input)).isNotEmpty();
    String[] entries = e.getMessage().split("\n  - ", -1);
    int n = e.problems().size();
    assertThat(entries[0]).isEqualTo((n == 1 ? "1 problem" : n + " problems") + " in " + FILE + ":");
    assertThat(entries).as(() -> "problems in " + e.getMessage()).hasSize(n + 1);
    long inputLines = input.chars().filter(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029).count() + 1;
    for (int i = 1; i < entries.length; i++) {
      String entry = entries[i];
      Matcher m = LOCATION.matcher(entry);
      assertThat(m.matches()).as(() -> "'" + entry + "' starts with its location, for input " + show(input)).isTrue();
      assertThat(Long.parseLong(m.group(1))).as(() -> "line of '" + entry + "' for input " + show(input))
          .isBetween(1L, inputLines + 1);
    }
  }

  static String show(String input) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = 0;
    for (char c : input.toCharArray()) {
      if (shown++ > 2000) {
        sb.append("...(").append(input.length()).append(" chars)");
        break;
      }
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Property(tries = 1000)
  void yamlishTextParsesOrFailsWithASpecException(@ForAll("yamlish") String input) {
    parseOrSpecException(input);
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
  void mutatedCorpusParsesOrFailsWithASpecException(@ForAll("mutatedCorpus") String input) {
    parseOrSpecException(input);
  }

  @Property(tries = 300)
  void anyStringParsesOrFailsWithASpecException(@ForAll String input) {
    parseOrSpecException(input);
  }

  // --- generators ---------------------------------------------------------------------------------

  @Provide
  Arbitrary<String> yamlish() {
    Arbitrary<String> token = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(TOKENS)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(6)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars(" \t\n:-[]{}&*!|>'\"#%@,?\\\0").ofMaxLength(6)));
    return token.list().ofMaxSize(80).map(l -> String.join("", l));
  }

  enum Op {
    DELETE_LINE, INSERT_LINE, DUPLICATE_LINE, SWAP_LINES, DELETE_CHAR, INSERT_TEXT, SWAP_CHARS, REINDENT,
    ANCHOR, ALIAS, NEST, LONG_STRING, NUL
  }

  /** One mutation; the numbers pick positions modulo the current text, so the same record always does the same. */
  record Mutation(Op op, int a, int b, String text) {

    String apply(String s) {
      List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
      int l1 = Math.floorMod(a, lines.size());
      int l2 = Math.floorMod(b, lines.size());
      int c1 = s.isEmpty() ? 0 : Math.floorMod(a, s.length());
      int c2 = s.isEmpty() ? 0 : Math.floorMod(b, s.length());
      switch (op) {
        case DELETE_LINE:
          lines.remove(l1);
          return String.join("\n", lines);
        case INSERT_LINE:
          lines.add(l1, " ".repeat(Math.floorMod(b, 5)) + text);
          return String.join("\n", lines);
        case DUPLICATE_LINE:
          lines.add(l2, lines.get(l1));
          return String.join("\n", lines);
        case SWAP_LINES:
          String t = lines.get(l1);
          lines.set(l1, lines.get(l2));
          lines.set(l2, t);
          return String.join("\n", lines);
        case DELETE_CHAR:
          return s.isEmpty() ? s : s.substring(0, c1) + s.substring(c1 + 1);
        case INSERT_TEXT:
          return s.substring(0, c1) + text + s.substring(c1);
        case SWAP_CHARS:
          if (s.isEmpty()) {
            return s;
          }
          char[] cs = s.toCharArray();
          char x = cs[c1];
          cs[c1] = cs[c2];
          cs[c2] = x;
          return new String(cs);
        case REINDENT:
          String line = lines.get(l1).stripLeading();
          int n = Math.floorMod(b, 10);
          lines.set(l1, (n == 9 ? "\t" : " ".repeat(n)) + line);
          return String.join("\n", lines);
        case ANCHOR:
          lines.set(l1, lines.get(l1).replaceFirst(": |- ", "$0&" + (b % 2 == 0 ? "a" : "b") + " "));
          return String.join("\n", lines);
        case ALIAS:
          lines.set(l1, lines.get(l1).replaceFirst("(: |- ).*", "$1*" + (b % 2 == 0 ? "a" : "b")));
          return String.join("\n", lines);
        case NEST:
          int depth = Math.floorMod(b, 200);
          String open = b % 3 == 0 ? "[" : b % 3 == 1 ? "{a: " : "- ";
          return s.substring(0, c1) + open.repeat(depth) + s.substring(c1);
        case LONG_STRING:
          return s.substring(0, c1) + (text.isEmpty() ? "x" : text).repeat(Math.floorMod(b, 5_000) / Math.max(1, text.length()) + 1)
              + s.substring(c1);
        case NUL:
          return s.substring(0, c1) + '\0' + s.substring(c1);
        default:
          throw new IllegalStateException();
      }
    }
  }

  @Provide
  Arbitrary<String> mutatedCorpus() {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.of(Op.class),
        Arbitraries.integers(),
        Arbitraries.integers(),
        Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(10))).as(Mutation::new);
    return Combinators.combine(Arbitraries.of(CORPUS), mutation.list().ofMinSize(1).ofMaxSize(8)).as((base, ms) -> {
      String s = base;
      for (Mutation m : ms) {
        s = m.apply(s);
      }
      return s;
    });
  }

  // --- hostile inputs that must end quickly ------------------------------------------------------

  private static SpecException quickFailure(String input) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        ImageSpec s = BunnyfileParser.parse(input, FILE);
        throw new AssertionError("expected a SpecException, parsed " + s);
      } catch (SpecException e) {
        return e;
      }
    });
  }

  @Example
  void recursiveAliasBombEndsInASpecException() {
    String bomb = "a: &a [" + String.join(", ", java.util.Collections.nCopies(10_000, "*a")) + "]\n";
    assertThat(quickFailure(bomb).getMessage())
        .contains("bunnyfile:1:1: is not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50");
  }

  @Example
  void billionLaughsEndsInASpecException() {
    StringBuilder sb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String prev = "*" + (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    assertThat(quickFailure(sb.toString()).getMessage()).contains("Number of aliases for non-scalar nodes exceeds the specified max=50");
  }

  @Example
  void manyAliasesOfScalarsAreFine() {
    // aliases of scalars cannot blow up, and the limit only counts collections
    String content = BunnyfileBehaviourTest.HEAD + "cmd: [&x a, " + String.join(", ", java.util.Collections.nCopies(500, "*x")) + "]\n";
    ImageSpec s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> BunnyfileParser.parse(content, FILE));
    assertThat(s.cmd()).hasSize(501).containsOnly("a");
  }

  @Example
  void tenThousandDeepNestingEndsInASpecException() {
    for (String input : List.of(
        "a: " + "[".repeat(10_000),
        "a: " + "[".repeat(10_000) + "]".repeat(10_000),
        "a: " + "{a: ".repeat(10_000) + "x" + "}".repeat(10_000),
        "cmd: " + "- ".repeat(10_000) + "x",
        Stream.iterate(0, i -> i + 1).limit(10_000).map(i -> " ".repeat(i) + "a:").collect(Collectors.joining("\n")))) {
      SpecException e = quickFailure(input);
      assertThat(e.problems()).as(show(input.substring(0, 40))).isNotEmpty();
    }
  }

  @Example
  void inputsOverTheSizeLimitEndInASpecException() {
    assertThat(quickFailure("version: " + "9".repeat(1_100_000)).getMessage())
        .contains("bunnyfile:1:1: is not valid YAML: The incoming YAML document exceeds the limit: 1048576 code points.");
  }

  @Example
  void nulAndOtherNonPrintableCharactersEndInASpecException() {
    for (String c : List.of("\0", "\u0007", "\u001B", "\uD800", "\uFFFE")) {
      assertThat(quickFailure(BunnyfileBehaviourTest.HEAD + "cmd: [a" + c + "b]\n").getMessage())
          .contains(": is not valid YAML: special characters are not allowed");
    }
  }

  // --- the validator on what the parser accepts ----------------------------------------------------

  private static Path dir;

  @BeforeContainer
  static void projectDirectory() throws Exception {
    dir = Files.createTempDirectory("bunnyfile-props");
    for (String content : CORPUS) {
      ImageSpec s = BunnyfileParser.parse(content, FILE);
      if (s.kernel() != null && s.kernel().isLocal()) {
        write(s.kernel().path(), BunnyfileValidationTest.x86_64Elf());
      }
      if (s.rootfs().path() != null) {
        write(s.rootfs().path(), new byte[512]);
      }
      for (FileInclude f : s.rootfs().includes()) {
        write(f.source().endsWith("/") ? f.source() + "file" : f.source(), "x".getBytes());
      }
    }
  }

  private static void write(String relative, byte[] bytes) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    if (!Files.exists(p)) {
      Files.write(p, bytes);
    }
  }

  @AfterContainer
  static void removeProjectDirectory() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 500, shrinking = ShrinkingMode.OFF)
  void validatorOnMutatedCorpusReportsOnlySpecExceptions(@ForAll("mutatedCorpus") String input) {
    ImageSpec spec = parseOrSpecException(input);
    Assume.that(spec != null);
    try {
      SpecValidator.validate(spec, dir);
    } catch (SpecException e) {
      assertThat(e.problems()).isNotEmpty();
    } catch (Throwable t) {
      throw new AssertionError("SpecValidator.validate threw " + t + " for input " + show(input), t);
    }
  }
}
