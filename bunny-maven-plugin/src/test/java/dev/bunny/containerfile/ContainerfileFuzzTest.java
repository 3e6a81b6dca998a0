package dev.bunny.containerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Whatever the input, the parser either returns a result or throws {@link SpecException} with at
 * least one located problem: never another exception, never its own "internal error" safety net.
 * Inputs are random token soups and mutations (insert, delete, duplicate, swap, escape characters,
 * {@code ${} runs) of the whole corpus, valid and invalid.
 */
class ContainerfileFuzzTest {

  private static final List<String> CORPUS = loadCorpus();

  /** Pieces that mean something to the parser, so random text often gets deep into it. */
  private static final List<String> TOKENS = List.of(
      "FROM ", "from ", "COPY ", "LABEL ", "ENV ", "ARG ", "CMD ", "ENTRYPOINT ", "WORKDIR ", "USER ", "RUN ",
      "ADD ", "EXPOSE ", "VOLUME ", "ONBUILD ", "HEALTHCHECK ", "SHELL ", "MAINTAINER ", "STOPSIGNAL ", "FORM ",
      "scratch", " AS ", "stage", "--from=", "--chmod=", "--chown=", "--link", "--platform=", "--", "-- ",
      "$", "${", "}", "$A", "${A}", "${A:-", "${A:+", "${A-", "${A?", "${A#", "${A##", "${A%", "${A/", "${A//",
      ":-", ":+", "*", "?", "/", "#", "%", "=", "a=b", "\"", "'", "\\", "`", "\\\n", "`\n", "\\ \n", "\n", "\r\n",
      "\r", "\t", " ", "  ", "# escape=`\n", "# escape=\\\n", "#syntax=harbor.nbfc.io/nubificus/bunny:0.0.2\n",
      "# check=skip=all\n", "# comment\n", "[", "]", "[\"a\", \"b\"]", "[\"a\",", "{", "<<EOF\n", "EOF\n", "<<-X\n",
      "\tX\n", "\0", "\uFEFF", "\u00A0", "\u2028", "\uD800", "\uDC00", "😀", "é", "0755", "7777", "u+x");

  private static List<String> loadCorpus() {
    List<String> out = new ArrayList<>();
    for (String kind : List.of("valid", "invalid")) {
      Path dir = ContainerfileCorpusTest.corpus(kind);
      for (String f : ContainerfileCorpusTest.files(kind)) {
        out.add(ContainerfileCorpusTest.read(dir.resolve(f)));
      }
    }
    return out;
  }

  static void parsesOrReportsProblems(String content) {
    try {
      Containerfile cf = ContainerfileParser.parse(content, "Containerfile", Map.of("A", "a", "B", ""));
      assertThat(cf.stages()).isNotEmpty();
      for (Stage s : cf.stages()) {
        assertThat(s.line()).isPositive();
        assertThat(s.baseImage()).isNotEmpty();
        for (Instruction i : s.instructions()) {
          assertThat(i.line()).isGreaterThanOrEqualTo(s.line());
          assertThat(i.column()).isPositive();
        }
      }
    } catch (SpecException e) {
      assertThat(e.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(101);
      for (SpecProblem p : e.problems()) {
        assertThat(p.field()).startsWith("Containerfile:");
        assertThat(p.message()).isNotBlank().doesNotContain("internal error");
      }
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
  void randomTokenSoup(@ForAll("soup") String content) {
    parsesOrReportsProblems(content);
  }

  @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
  void mutatedCorpus(@ForAll("mutants") String content) {
    parsesOrReportsProblems(content);
  }

  @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
  void arbitraryUnicode(@ForAll("unicode") String content) {
    parsesOrReportsProblems(content);
  }

  @Provide
  Arbitrary<String> soup() {
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of(TOKENS),
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(6));
    return token.list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.strings().all().ofMaxLength(200);
  }

  /** One edit: kind, where (0..1 of the length), how long, what to insert. */
  private record Mutation(int kind, double where, int length, String text) {}

  @Provide
  Arbitrary<String> mutants() {
    Arbitrary<Mutation> mutation = Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(1, 40),
            Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().all().ofMaxLength(3)))
        .as(Mutation::new);
    return Combinators.combine(Arbitraries.of(CORPUS), mutation.list().ofMinSize(1).ofMaxSize(8))
        .as((base, edits) -> {
          String s = base;
          for (Mutation m : edits) {
            s = apply(s, m);
          }
          return s;
        });
  }

  private static String apply(String s, Mutation m) {
    int at = (int) Math.min(s.length(), Math.floor(m.where() * (s.length() + 1)));
    int end = Math.min(s.length(), at + m.length());
    return switch (m.kind()) {
      case 0 -> s.substring(0, at) + m.text() + s.substring(at); // insert
      case 1 -> s.substring(0, at) + s.substring(end); // delete
      case 2 -> s.substring(0, end) + s.substring(at, end) + s.substring(end); // duplicate
      case 3 -> { // swap two characters
        if (end - at < 2) {
          yield s;
        }
        char[] c = s.toCharArray();
        char t = c[at];
        c[at] = c[end - 1];
        c[end - 1] = t;
        yield new String(c);
      }
      case 4 -> s.substring(0, at) + (m.length() % 2 == 0 ? "\\" : "`") + s.substring(at); // escape character
      case 5 -> s.substring(0, at) + "${".repeat(m.length()) + s.substring(at); // ${ runs
      default -> s.substring(0, at) + (m.length() % 3 == 0 ? "\n" : m.length() % 3 == 1 ? "\\\n" : "\r\n")
          + s.substring(at); // line structure
    };
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void validCorpusWithCrlfOrTrailingBlanksParsesTheSame(@ForAll("validFile") Tuple.Tuple2<String, Integer> file)
      throws Exception {
    String content = file.get1();
    Containerfile expected = ContainerfileParser.parse(content, "Containerfile", Map.of());
    String variant = switch (file.get2()) {
      case 0 -> content.replace("\r\n", "\n").replace("\n", "\r\n");
      case 1 -> content + "\n\n# trailing comment\n   \n";
      default -> content.replace("\r\n", "\n");
    };
    assertThat(Dump.of(ContainerfileParser.parse(variant, "Containerfile", Map.of())))
        .isEqualTo(Dump.of(expected));
  }

  @Provide
  Arbitrary<Tuple.Tuple2<String, Integer>> validFile() {
    Path dir = ContainerfileCorpusTest.corpus("valid");
    List<String> valid = ContainerfileCorpusTest.files("valid").stream()
        .map(f -> ContainerfileCorpusTest.read(dir.resolve(f))).toList();
    return Combinators.combine(Arbitraries.of(valid), Arbitraries.integers().between(0, 2)).as(Tuple::of);
  }
}
