package dev.bunny.containerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.spec.LocatedFieldNamer;
import dev.bunny.spec.SpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerfileParserTest {

  private static Containerfile parse(String content) throws SpecException {
    return ContainerfileParser.parse(content, "Containerfile", Map.of());
  }

  private static Containerfile parse(String content, Map<String, String> buildArgs) throws SpecException {
    return ContainerfileParser.parse(content, "Containerfile", buildArgs);
  }

  /** The instructions of the last stage. */
  private static List<Instruction> instructions(String content) throws SpecException {
    List<Stage> stages = parse(content).stages();
    return stages.get(stages.size() - 1).instructions();
  }

  private static Instruction only(String content) throws SpecException {
    List<Instruction> all = instructions(content);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static Map<String, String> labels(String content) throws SpecException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Instruction i : instructions(content)) {
      if (i instanceof Label l) {
        out.putAll(l.pairs());
      }
    }
    return out;
  }

  private static String label(String value) throws SpecException {
    return labels("FROM scratch\nLABEL k=" + value + "\n").get("k");
  }

  /** The problems as SpecException renders them. */
  private static List<String> problems(String content) {
    return problems(content, Map.of());
  }

  private static List<String> problems(String content, Map<String, String> buildArgs) {
    SpecException e = assertThrows(SpecException.class, () -> parse(content, buildArgs));
    LocatedFieldNamer namer = new LocatedFieldNamer("Containerfile");
    return e.problems().stream().map(p -> p.render(namer)).toList();
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Quoting {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "plain                  | plain",
        "\"two words\"          | two words",
        "'single $X quoted'     | single $X quoted",
        "two\\ words            | two words",
        "\"a\"'b'c              | abc",
        "\"say \\\"hi\\\"\"     | say \"hi\"",
        "\"back\\\\slash\"      | back\\slash",
        "\"keep \\n as is\"     | keep \\n as is",
        "'no \\escape in single' | no \\escape in single",
        "\"\"                   | ''",
    })
    void labelValues(String written, String expected) throws Exception {
      assertThat(label(written)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void quotedKeysAndValuesLikeTheSeedFiles() throws Exception {
      assertThat(labels("FROM scratch\n"
          + "LABEL \"com.urunc.unikernel.cmdline\"=\"redis-server /data/conf/redis.conf\"\n"
          + "LABEL \"com.urunc.unikernel.binary\"=/unikernel/kernel\n"
          + "LABEL com.urunc.unikernel.hypervisor='hvt'\n"))
          .containsExactly(
              Map.entry("com.urunc.unikernel.cmdline", "redis-server /data/conf/redis.conf"),
              Map.entry("com.urunc.unikernel.binary", "/unikernel/kernel"),
              Map.entry("com.urunc.unikernel.hypervisor", "hvt"));
    }

    @Test
    void legacyFormTakesTheRestOfTheLineAsValue() throws Exception {
      assertThat(labels("FROM scratch\nLABEL description  a value   with spaces\n"))
          .containsExactly(Map.entry("description", "a value   with spaces"));
      assertThat(only("FROM scratch\nENV PATH /usr/bin:/bin\n"))
          .isEqualTo(new Env(2, 1, new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin"))));
    }

    @Test
    void pairsKeepWrittenOrderAndLaterDuplicatesWin() throws Exception {
      Label l = (Label) only("FROM scratch\nLABEL b=1 a=2 b=3 c=4\n");
      assertThat(l.pairs()).containsExactly(Map.entry("b", "3"), Map.entry("a", "2"), Map.entry("c", "4"));
    }

    @Test
    void equalsSignsAfterTheFirstBelongToTheValue() throws Exception {
      assertThat(label("a=b=c")).isEqualTo("a=b=c");
    }

    @Test
    void unterminatedQuotesAreProblems() {
      assertThat(problems("FROM scratch\nLABEL a=\"open\n")).containsExactly(
          "Containerfile:2:1 LABEL: unterminated double quote in '\"open' "
              + "(close the quote, or escape a literal double quote as \\\")");
      assertThat(problems("FROM scratch\nENV a='open\n")).singleElement().asString()
          .startsWith("Containerfile:2:1 ENV: unterminated single quote in ''open'");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Variables {

    private String subst(String expression, String args) throws SpecException {
      return labels("FROM scratch\n" + args + "\nLABEL k=" + expression + "\n").get("k");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "$SET                 | value",
        "${SET}               | value",
        "pre${SET}post        | prevaluepost",
        "$SET-x               | value-x",
        "$UNSET               | ~~",
        "${UNSET}             | ~~",
        "${UNSET:-default}    | default",
        "${EMPTY:-default}    | default",
        "${SET:-default}      | value",
        "${UNSET-default}     | default",
        "${EMPTY-default}     | ~~",
        "${SET:+alt}          | alt",
        "${EMPTY:+alt}        | ~~",
        "${EMPTY+alt}         | alt",
        "${UNSET+alt}         | ~~",
        "${UNSET:-${SET}}     | value",
        "${UNSET:-${ALSO:-x}} | x",
        "\\$SET               | $SET",
        "\\${SET}             | ${SET}",
        "'$SET'               | $SET",
        "\"$SET\"             | value",
        "cost$                | cost$",
        "$1$@$#               | ~~",
        "$-x                  | x",
        "\"${SET:?must be set}\"  | value",
        "${PATH_V#*/}         | a/b/c.tar.gz",
        "${PATH_V#*b}         | /c.tar.gz",
        "${PATH_V##*/}        | c.tar.gz",
        "${PATH_V%.*}         | /a/b/c.tar",
        "${PATH_V%%.*}        | /a/b/c",
        "${PATH_V/b/x}        | /a/x/c.tar.gz",
        "${PATH_V//[a]/x}     | /a/b/c.tar.gz",
        "${PATH_V//a/x}       | /x/b/c.txr.gz",
        "${PATH_V/#/x}        | /a/b/c.tar.gz",
        "${PATH_V#\\*}        | /a/b/c.tar.gz",
        "${PATH_V%?z}         | /a/b/c.tar.",
    })
    void expressions(String expression, String expected) throws Exception {
      String args = "ARG SET=value\nARG EMPTY=\nARG PATH_V=/a/b/c.tar.gz";
      assertThat(subst(expression, args)).isEqualTo(expected);
    }

    @Test
    void envOfTheSameInstructionIsNotVisibleYet() throws Exception {
      Containerfile cf = parse("FROM scratch\nENV A=1\nENV A=2 B=$A\nENV C=$A\n");
      List<Instruction> is = cf.stages().get(0).instructions();
      assertThat(((Env) is.get(1)).pairs()).containsExactly(Map.entry("A", "2"), Map.entry("B", "1"));
      assertThat(((Env) is.get(2)).pairs()).containsExactly(Map.entry("C", "2"));
    }

    @Test
    void envWinsOverArg() throws Exception {
      assertThat(subst("$V", "ENV V=env\nARG V=arg")).isEqualTo("env");
      assertThat(subst("$V", "ARG V=arg\nENV V=env")).isEqualTo("env");
    }

    @Test
    void buildArgsOverrideDefaultsButAreUsedLiterally() throws Exception {
      Map<String, String> args = Map.of("V", "$NOT_EXPANDED", "W", "w");
      Map<String, String> l = labelsOf(parse("FROM scratch\nARG V=default\nARG W\nLABEL v=$V w=$W\n", args));
      assertThat(l).containsExactly(Map.entry("v", "$NOT_EXPANDED"), Map.entry("w", "w"));
    }

    private Map<String, String> labelsOf(Containerfile cf) {
      Map<String, String> out = new LinkedHashMap<>();
      cf.stages().get(cf.stages().size() - 1).instructions().forEach(i -> out.putAll(((Label) i).pairs()));
      return out;
    }

    @Test
    void globalArgsFeedFromLinesAndOnlyRedeclaredOnesReachTheStage() throws Exception {
      Containerfile cf = parse("ARG REG=harbor.nbfc.io\nARG TAG=latest\nARG IMG=$REG/app:$TAG\n"
          + "FROM $IMG AS app\nARG TAG\nLABEL reg=x$REG tag=$TAG\n"
          + "FROM ${REG}/other\nLABEL tag=x$TAG\n", Map.of("TAG", "1.0"));
      assertThat(cf.stages()).extracting(Stage::baseImage)
          .containsExactly("harbor.nbfc.io/app:1.0", "harbor.nbfc.io/other");
      assertThat(((Label) cf.stages().get(0).instructions().get(0)).pairs())
          .containsExactly(Map.entry("reg", "x"), Map.entry("tag", "1.0"));
      assertThat(((Label) cf.stages().get(1).instructions().get(0)).pairs())
          .containsExactly(Map.entry("tag", "x"));
    }

    @Test
    void argsOfOneInstructionSeeEachOtherOnlyBeforeTheFirstFrom() throws Exception {
      // BuildKit evaluates global ARGs one by one, but expands a stage instruction as a whole.
      Containerfile cf = parse("ARG A=1 B=x$A\nFROM $B\nARG C=2 D=y$C\nLABEL d=$D\n");
      assertThat(cf.stages().get(0).baseImage()).isEqualTo("x1");
      assertThat(((Label) cf.stages().get(0).instructions().get(0)).pairs()).containsExactly(Map.entry("d", "y"));
    }

    @Test
    void redeclaringAnArgWithoutValueKeepsIt() throws Exception {
      assertThat(subst("$A", "ARG A=1\nARG A")).isEqualTo("1");
      assertThat(subst("$A", "ARG A=1\nARG A=2")).isEqualTo("2");
    }

    @Test
    void stageArgsAndEnvEndWithTheirStage() throws Exception {
      Containerfile cf = parse("FROM scratch AS a\nARG X=1\nENV Y=2\nFROM scratch\nLABEL x=_$X y=_$Y\n");
      assertThat(((Label) cf.stages().get(1).instructions().get(0)).pairs())
          .containsExactly(Map.entry("x", "_"), Map.entry("y", "_"));
    }

    @Test
    void appliesToCopyWorkdirUserButNotToCmdOrEntrypoint() throws Exception {
      List<Instruction> is = instructions("FROM scratch\nARG S=base\nARG D=/app\n"
          + "COPY --from=$S --chown=${U:-1000}:1000 --chmod=${M:-755} $D/k ${D}/ \n"
          + "WORKDIR $D\nUSER ${U:-nobody}\nCMD [\"$D\"]\nENTRYPOINT echo $D\n");
      assertThat(is).containsExactly(
          new Copy(4, 1, List.of("/app/k"), "/app/", "base", "755", "1000:1000"),
          new Workdir(5, 1, "/app"),
          new User(6, 1, "nobody"),
          new Cmd(7, 1, List.of("$D"), false),
          new Entrypoint(8, 1, List.of("echo $D"), true));
    }

    @Test
    void escapeCharacterFollowsTheDirective() throws Exception {
      assertThat(labels("# escape=`\nFROM scratch\nLABEL a=`$X b=C:\\dir c=\"`\"q`\"\"\n"))
          .containsExactly(Map.entry("a", "$X"), Map.entry("b", "C:\\dir"), Map.entry("c", "\"q\""));
    }

    @Test
    void unsetRequiredVariableIsAProblem() {
      assertThat(problems("FROM scratch\nLABEL k=\"${KERNEL:?the kernel path}\"\n")).containsExactly(
          "Containerfile:2:1 LABEL: variable KERNEL is not set: the kernel path "
              + "(declare it with ARG KERNEL=<default> or pass it as a build argument)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${", "${}", "${:}", "${{A}}", "${A", "${A:-x", "${A:x}", "${A x}", "${A/x", "${A#\\q}"})
    void malformedSubstitutionsAreProblemsAtTheInstruction(String expression) {
      assertThat(problems("FROM scratch\nWORKDIR " + expression + "\n"))
          .singleElement().asString().startsWith("Containerfile:2:1 WORKDIR: ");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Continuation {

    @Test
    void joinsLinesAndSkipsCommentsAndEmptyLines() throws Exception {
      Containerfile cf = parse("FROM scratch\n"
          + "LABEL a=1 \\\n"
          + "# comment\n"
          + "   # indented comment\n"
          + "\n"
          + "      b=2 \\ \t\n"
          + "      c=3\n"
          + "USER me\n");
      List<Instruction> is = cf.stages().get(0).instructions();
      assertThat(((Label) is.get(0)).pairs()).containsExactly(
          Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
      assertThat(is.get(1)).isEqualTo(new User(8, 1, "me"));
      assertThat(cf.notes()).containsExactly(
          "Containerfile:2:1 LABEL has an empty line inside its continuation; ignored (Docker warns about these)");
    }

    @Test
    void keepsTheWhitespaceOfContinuedLines() throws Exception {
      assertThat(only("FROM scratch\nCMD echo a \\\n    b\n")).isEqualTo(new Cmd(2, 1, List.of("echo a     b"), true));
    }

    @Test
    void anEscapedEscapeCharacterDoesNotContinue() throws Exception {
      List<Instruction> is = instructions("FROM scratch\nCMD echo a\\\\\nUSER me\n");
      assertThat(is).containsExactly(new Cmd(2, 1, List.of("echo a\\\\"), true), new User(3, 1, "me"));
    }

    @Test
    void backtickContinuesWhenItIsTheEscapeCharacter() throws Exception {
      List<Instruction> is = instructions("# escape=`\nFROM scratch\nCOPY a `\n  C:\\b\\\nUSER me\n");
      assertThat(is).containsExactly(new Copy(3, 1, List.of("a"), "C:\\b\\", null, null, null), new User(5, 1, "me"));
    }

    @Test
    void crlfLineEndings() throws Exception {
      assertThat(instructions("FROM scratch\r\nLABEL a=1 \\\r\n  b=2\r\nUSER me\r\n")).containsExactly(
          new Label(2, 1, new LinkedHashMap<>(Map.of("a", "1", "b", "2"))), new User(4, 1, "me"));
    }

    @Test
    void aContinuationAtTheEndOfTheFileIsAProblem() {
      assertThat(problems("FROM scratch\nLABEL a=1 \\\n# only a comment follows\n\n")).containsExactly(
          "Containerfile:2:1 LABEL: ends with the line continuation character \\ but the file ends there "
              + "(remove the trailing \\ or add the rest of the instruction)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Directives {

    @Test
    void seedSyntaxLineIsADirective() throws Exception {
      assertThat(parse("#syntax=harbor.nbfc.io/nubificus/bunny:0.0.2\nFROM scratch\n").directives())
          .containsExactly(Map.entry("syntax", "harbor.nbfc.io/nubificus/bunny:0.0.2"));
    }

    @Test
    void namesAreCaseInsensitiveAndSpacesAroundEqualsAreAllowed() throws Exception {
      assertThat(parse("  # SYNTAX =  docker/dockerfile:1  \n#Escape= `\n# check = skip=all\nFROM scratch\n")
          .directives())
          .containsExactly(Map.entry("syntax", "docker/dockerfile:1"), Map.entry("escape", "`"),
              Map.entry("check", "skip=all"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\n# escape=`\n",                 // after a blank line
        "# a comment\n# escape=`\n",      // after a comment
        "# unknown=directive\n# escape=`\n", // after an unknown directive-looking comment
        "FROM scratch\n# escape=`\n",     // after an instruction
    })
    void directivesOnlyAtTheVeryTop(String head) throws Exception {
      Containerfile cf = parse(head + (head.contains("FROM") ? "" : "FROM scratch\n") + "LABEL a=`$X\n");
      assertThat(cf.directives()).doesNotContainKey("escape");
      assertThat(((Label) cf.stages().get(0).instructions().get(0)).pairs()).containsEntry("a", "`");
    }

    @Test
    void anUnknownDirectiveIsJustAComment() throws Exception {
      assertThat(parse("# foo=bar\nFROM scratch\n").directives()).isEmpty();
    }

    @Test
    void repeatedAndInvalidDirectivesAreProblems() {
      assertThat(problems("# escape=\\\n# escape=`\n# escape=x\nFROM scratch\n")).containsExactly(
          "Containerfile:2:1 # escape: repeats the escape parser directive "
              + "(write each parser directive once, in the comment lines at the very top of the file)",
          "Containerfile:3:1 # escape: repeats the escape parser directive "
              + "(write each parser directive once, in the comment lines at the very top of the file)");
      assertThat(problems("# escape=/\nFROM scratch\n")).containsExactly(
          "Containerfile:1:1 # escape: the escape character '/' is neither \\ nor ` "
              + "(write # escape=` or # escape=\\, which is the default)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class JsonAndShellForm {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "[\"-c\",\"/nginx/conf/nginx.conf\"]   | exec  | -c,/nginx/conf/nginx.conf",
        "[ \"a b\" ,\t\"c\" ]                  | exec  | a b,c",
        "[\"\\u0041\\n\"]                      | exec  | ~A\n~",
        "[]                                    | exec  | ~~",
        "echo hi                               | shell | echo hi",
        "['single', 'quotes']                  | shell | ['single', 'quotes']",
        "[\"a\"] trailing                      | shell | [\"a\"] trailing",
        "[\"unterminated                       | shell | [\"unterminated",
        "[\"a\",]                              | shell | [\"a\",]",
    })
    void cmdForms(String written, String form, String args) throws Exception {
      Cmd cmd = (Cmd) only("FROM scratch\nCMD " + written + "\n");
      assertThat(cmd.shellForm()).isEqualTo(form.equals("shell"));
      List<String> expected = args.isEmpty() ? List.of()
          : form.equals("shell") ? List.of(args) : List.of(args.split(",", -1));
      assertThat(cmd.args()).isEqualTo(expected);
    }

    @Test
    void aBracketThatIsNotJsonGetsANote() throws Exception {
      assertThat(parse("FROM scratch\nENTRYPOINT ['/kernel']\n").notes()).singleElement().asString()
          .startsWith("Containerfile:2:1 ENTRYPOINT starts with [ but is not a JSON array of strings, "
              + "so it is the shell form");
    }

    @Test
    void aJsonArrayWithNonStringsIsAProblemLikeInDocker() {
      assertThat(problems("FROM scratch\nCMD [\"a\", {\"b\": 1}]\n")).containsExactly(
          "Containerfile:2:1 CMD: the exec form of CMD must be a JSON array of strings "
              + "(quote every element, e.g. CMD [\"-c\", \"/nginx/conf/nginx.conf\"])");
    }

    @Test
    void copyJsonFormKeepsSpacesInPaths() throws Exception {
      assertThat(only("FROM scratch\nCOPY [\"my file\", \"other\", \"/dest dir/\"]\n"))
          .isEqualTo(new Copy(2, 1, List.of("my file", "other"), "/dest dir/", null, null, null));
    }

    @Test
    void deeplyNestedJsonIsNotAStackOverflow() throws Exception {
      Cmd cmd = (Cmd) only("FROM scratch\nCMD " + "[".repeat(100_000) + "\n");
      assertThat(cmd.shellForm()).isTrue();
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Positions {

    @Test
    void linesAndColumnsPointAtTheKeyword() throws Exception {
      Containerfile cf = parse("# syntax=x\n\n  from scratch as k\n\tcopy a b\n\n    LABEL a=1 \\\n b=2\nuser me\n");
      Stage s = cf.stages().get(0);
      assertThat(s.line()).isEqualTo(3);
      assertThat(s.name()).isEqualTo("k");
      assertThat(s.instructions()).extracting(Instruction::line, Instruction::column)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(4, 2), org.assertj.core.groups.Tuple.tuple(6, 5),
              org.assertj.core.groups.Tuple.tuple(8, 1));
    }

    @Test
    void problemsCarryLineColumnAndInstruction() {
      assertThat(problems("FROM scratch\n\n   run make\n")).containsExactly(
          "Containerfile:3:4 RUN: RUN runs a command inside a container; bunny-maven-plugin packages prebuilt "
              + "artefacts and runs nothing (build the artefact before packaging, e.g. in an earlier Maven phase, "
              + "and COPY it)");
    }

    @Test
    void fileNameAppearsInLocations() {
      SpecException e = assertThrows(SpecException.class,
          () -> ContainerfileParser.parse("FROM scratch\nADD x y\n", "src/main/docker/Containerfile", null));
      assertThat(e.problems()).singleElement().extracting(p -> p.field())
          .isEqualTo("src/main/docker/Containerfile:2:1 ADD");
      assertThat(e.getMessage()).startsWith("1 problem in src/main/docker/Containerfile:\n  - "
          + "src/main/docker/Containerfile:2:1 ADD: ADD is not supported");
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
      Containerfile cf = parse("\uFEFF# syntax=x\nFROM scratch\n");
      assertThat(cf.directives()).containsEntry("syntax", "x");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Instructions {

    @Test
    void keywordsAreCaseInsensitive() throws Exception {
      assertThat(instructions("from scratch\nLaBeL a=b\nworkdir /w\n"))
          .containsExactly(new Label(2, 1, new LinkedHashMap<>(Map.of("a", "b"))), new Workdir(3, 1, "/w"));
    }

    @Test
    void scratchAndStageNames() throws Exception {
      Containerfile cf = parse("FROM SCRATCH AS Build\nFROM build\n");
      assertThat(cf.stages()).extracting(Stage::baseImage, Stage::name).containsExactly(
          org.assertj.core.groups.Tuple.tuple("scratch", "build"), org.assertj.core.groups.Tuple.tuple("build", null));
    }

    @Test
    void copyFlags() throws Exception {
      assertThat(only("FROM scratch\nCOPY --link --chmod=0644 --from=k --chown=\"1:1\" a b /c/\n"))
          .isEqualTo(new Copy(2, 1, List.of("a", "b"), "/c/", "k", "0644", "1:1"));
      assertThat(only("FROM scratch\nCOPY -- --odd-name /c\n"))
          .isEqualTo(new Copy(2, 1, List.of("--odd-name"), "/c", null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "755", "0755", "7777", "00644"})
    void octalModes(String mode) throws Exception {
      assertThat(((Copy) only("FROM scratch\nCOPY --chmod=" + mode + " a /a\n")).chmod()).isEqualTo(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "10000", "u+x", "rwx", "0x1ff", "-1", "99999999999999999999"})
    void otherModesAreProblems(String mode) {
      assertThat(problems("FROM scratch\nCOPY --chmod=" + mode + " a /a\n")).singleElement().asString()
          .startsWith("Containerfile:2:1 COPY: --chmod=" + mode + " is not an octal mode");
    }

    @Test
    void unknownCopyFlagListsTheKnownOnes() {
      assertThat(problems("FROM scratch\nCOPY --parents a /a\n")).containsExactly(
          "Containerfile:2:1 COPY: unknown flag --parents (COPY accepts --from=<stage or image>, "
              + "--chmod=<octal mode>, --chown=<user[:group]> and --link)");
    }

    @Test
    void ignoredInstructionsBecomeNotes() throws Exception {
      Containerfile cf = parse("FROM scratch\nEXPOSE 80\nVOLUME /data\nSTOPSIGNAL SIGINT\nMAINTAINER me\n");
      assertThat(cf.stages().get(0).instructions()).isEmpty();
      assertThat(cf.notes()).containsExactly(
          "Containerfile:2:1 EXPOSE has no effect on a unikernel image; ignored",
          "Containerfile:3:1 VOLUME has no effect on a unikernel image; ignored",
          "Containerfile:4:1 STOPSIGNAL has no effect on a unikernel image; ignored",
          "Containerfile:5:1 MAINTAINER is deprecated and has no effect here; ignored "
              + "(use LABEL org.opencontainers.image.authors=...)");
    }

    @Test
    void unusedBuildArgumentsAreNoted() throws Exception {
      assertThat(parse("ARG A\nFROM scratch\nARG B\n", Map.of("A", "1", "B", "2", "C", "3")).notes())
          .containsExactly("Containerfile: build argument 'C' is not declared by any ARG; ignored");
    }

    @Test
    void rejectedInstructions() {
      assertThat(problems("FROM scratch\nRUN x\nADD a b\nSHELL [\"sh\"]\nHEALTHCHECK NONE\nONBUILD RUN x\n"))
          .extracting(s -> s.substring(0, s.indexOf(':', s.indexOf(' '))))
          .containsExactly("Containerfile:2:1 RUN", "Containerfile:3:1 ADD", "Containerfile:4:1 SHELL",
              "Containerfile:5:1 HEALTHCHECK", "Containerfile:6:1 ONBUILD");
    }

    @Test
    void unknownInstructionsSuggestTheNearestOne() {
      assertThat(problems("FORM scratch\nFROM scratch\nWORKDR /w\nXYZZY q\n")).containsExactly(
          "Containerfile:1:1 FORM: 'FORM' is not a Containerfile instruction (did you mean FROM? accepted: FROM, ARG, "
              + "COPY, LABEL, ENV, CMD, ENTRYPOINT, WORKDIR, USER; EXPOSE, VOLUME, STOPSIGNAL and MAINTAINER are "
              + "accepted and ignored)",
          "Containerfile:3:1 WORKDR: 'WORKDR' is not a Containerfile instruction (did you mean WORKDIR? accepted: FROM, "
              + "ARG, COPY, LABEL, ENV, CMD, ENTRYPOINT, WORKDIR, USER; EXPOSE, VOLUME, STOPSIGNAL and MAINTAINER are "
              + "accepted and ignored)",
          "Containerfile:4:1 XYZZY: 'XYZZY' is not a Containerfile instruction (accepted: FROM, ARG, COPY, LABEL, ENV, "
              + "CMD, ENTRYPOINT, WORKDIR, USER; EXPOSE, VOLUME, STOPSIGNAL and MAINTAINER are accepted and ignored)");
    }

    @Test
    void hereDocumentBodiesAreNotInstructions() {
      assertThat(problems("FROM scratch\nRUN <<EOF cat <<-'TWO'\nFOO\nEOF\n\tBAR\n\tTWO\nUSER me\n"))
          .singleElement().asString().startsWith("Containerfile:2:1 RUN: RUN runs a command");
    }

    @Test
    void allProblemsAreCollected() {
      assertThat(problems("COPY a b\nFROM scratch\nRUN x\nLABEL\nCOPY a\n")).hasSize(4);
    }

    @Test
    void resultIsImmutable() throws Exception {
      Containerfile cf = parse("# syntax=x\nFROM scratch\nCOPY a b\n");
      assertThatThrownBy(() -> cf.stages().clear()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> cf.directives().clear()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> cf.stages().get(0).instructions().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> ((Copy) cf.stages().get(0).instructions().get(0)).sources().clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  @Timeout(20)
  class Guards {

    @Test
    void nullAndEmptyInputs() {
      assertThat(assertThrows(SpecException.class, () -> ContainerfileParser.parse(null, null, null)).getMessage())
          .isEqualTo("1 problem in Containerfile:\n  - Containerfile:1:1: has no instructions (start with FROM "
              + "scratch or FROM <image>, then COPY the kernel and LABEL the urunc annotations)");
      assertThat(problems("\\")).hasSize(2);
      assertThat(problems("\0\0\0")).containsExactly(
          "Containerfile:1:1 \\u0000\\u0000\\u0000: '\\u0000\\u0000\\u0000' is not a Containerfile instruction "
              + "(accepted: FROM, ARG, COPY, LABEL, ENV, CMD, ENTRYPOINT, WORKDIR, USER; EXPOSE, VOLUME, STOPSIGNAL and "
              + "MAINTAINER are accepted and ignored)",
          "Containerfile:1:1: has no FROM instruction (add FROM scratch or FROM <image> after the ARGs)");
    }

    @Test
    void valuesAreLimitedToOneMebibyte() {
      String big = "x".repeat((1 << 20) + 1);
      assertThat(problems("FROM scratch\nLABEL a=" + big + "\n")).singleElement().asString()
          .startsWith("Containerfile:2:1 LABEL: value is longer than 1 MiB after substitution");
    }

    @Test
    void substitutionBombsStop() {
      StringBuilder sb = new StringBuilder("FROM scratch\nARG A=" + "x".repeat(1000) + "\n");
      String prev = "A";
      for (int i = 0; i < 12; i++) {
        String next = "A" + i;
        sb.append("ARG ").append(next).append("=$").append(prev).append("$").append(prev).append('\n');
        prev = next;
      }
      for (int i = 0; i < 100; i++) {
        sb.append("LABEL l").append(i).append("=$").append(prev).append('\n');
      }
      List<String> problems = problems(sb.toString());
      assertThat(problems).anySatisfy(p -> assertThat(p).contains("value is longer than 1 MiB"));
      assertThat(String.join("\n", problems(sb.toString().replace("=$A9$A9", "=$A8")))).contains("16 MiB");
    }

    @Test
    void nestingIsLimited() {
      String deep = "${A:-".repeat(10_000) + "x" + "}".repeat(10_000);
      assertThat(problems("FROM scratch\nLABEL a=\"" + deep + "\"\n")).singleElement().asString()
          .contains("nest more than 32 deep");
      assertThat(problems("FROM scratch\nLABEL a=" + "${".repeat(100_000) + "\n")).hasSize(1);
    }

    @Test
    void patternWorkIsLimited() {
      String value = "a".repeat(200_000);
      String content = "FROM scratch\nARG V=" + value + "\nLABEL " + "x=${V//*a*a*a*a*b/y} ".repeat(50) + "\n";
      assertThat(problems(content)).anySatisfy(p -> assertThat(p).contains("needs too much work"));
    }

    @Test
    void tooManyProblemsStop() {
      List<String> problems = problems("FROM scratch\n" + "RUN x\n".repeat(10_000));
      assertThat(problems).hasSize(101);
      assertThat(problems.get(100)).contains("more than 100 problems; stopped here");
    }

    @Test
    void hugeInputsStayFast() throws Exception {
      StringBuilder sb = new StringBuilder("FROM scratch\n");
      for (int i = 0; i < 20_000; i++) {
        sb.append("LABEL key").append(i).append("=\"value ").append(i).append("\" \\\n  other").append(i).append("=x\n");
      }
      assertThat(parse(sb.toString()).stages().get(0).instructions()).hasSize(20_000);
    }

    @Test
    void manyVariablesStayLinear() throws Exception {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 15_000; i++) {
        sb.append("ARG G").append(i).append("=g\n");
      }
      sb.append("FROM scratch\n");
      for (int i = 0; i < 15_000; i++) {
        // A0=xy, A1=${A0:-x}y=xyy, then every Ai=${A(i-1)...} stays short: ${A(i-1)%y}y
        sb.append("ARG A").append(i).append("=${A").append(i == 0 ? 0 : i - 1).append(i < 2 ? ":-x}y" : "%y}y")
            .append('\n');
        sb.append("ENV E").append(i).append("=$E").append(i == 0 ? 0 : i - 1).append("\n");
      }
      sb.append("ARG ").append("v=1 ".repeat(50_000)).append('\n');
      sb.append("LABEL last=$A14999\n");
      long start = System.nanoTime();
      Containerfile cf = parse(sb.toString());
      // Linear: about a second even with a cold JIT (copying the scope per instruction was quadratic).
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
      List<Instruction> is = cf.stages().get(0).instructions();
      assertThat(((Label) is.get(is.size() - 1)).pairs()).containsEntry("last", "xyy");
    }
  }
}
