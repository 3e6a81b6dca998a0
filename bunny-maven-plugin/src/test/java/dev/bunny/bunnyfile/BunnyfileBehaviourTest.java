package dev.bunny.bunnyfile;

import static dev.bunny.bunnyfile.BunnyfileCorpusTest.FILE;
import static dev.bunny.bunnyfile.BunnyfileCorpusTest.parseFailure;
import static dev.bunny.bunnyfile.BunnyfileCorpusTest.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parsing behaviours bunny's own tests pin down ({@code hops/*_test.go}, facts §2.9), plus the
 * plugin's stricter key checking. Rules that need files on disk are in
 * {@link BunnyfileValidationTest}.
 */
class BunnyfileBehaviourTest {

  /** Lines 1-7: a complete bunnyfile apart from rootfs, cmd, entrypoint, envs and cmdline. */
  static final String HEAD = String.join("\n",
      "version: v0.1",
      "platforms:",
      "  framework: unikraft",
      "  monitor: qemu",
      "kernel:",
      "  from: local",
      "  path: kernel",
      "");

  static ImageSpec parse(String content) throws SpecException {
    return BunnyfileParser.parse(content, FILE);
  }

  static List<String> problems(String content) {
    return problemLines(parseFailure(content));
  }

  static String withVersion(String version) {
    return HEAD.replace("version: v0.1", "version: " + version);
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Version {

    @ParameterizedTest(name = "version: {0}")
    @ValueSource(strings = {"0.1", "v0.1", "0.0.9", "v0.0.1", "0.1.0", "v0.1.0", "0", "\"0.1\"", "'v0.1'",
        "0.1-rc1", "0.1.0+build.5", "0.01"})
    void bunnySupportedVersionsAreAccepted(String version) throws SpecException {
      assertThat(parse(withVersion(version)).kernel().path()).isEqualTo("kernel");
    }

    @ParameterizedTest(name = "version: {0}")
    @CsvSource(delimiter = '|', value = {
        "0.2.0    | version 0.2.0 is newer than this plugin reads",
        "999.99   | version 999.99 is newer than this plugin reads",
        "v0.2     | version v0.2 is newer than this plugin reads",
        "1        | version 1 is newer than this plugin reads",
        "0.10     | version 0.10 is newer than this plugin reads",
        "0.1.1    | version 0.1.1 is newer than this plugin reads",
        "0.2-rc1  | version 0.2-rc1 is newer than this plugin reads",
        "not.a.version | 'not.a.version' is not a version",
        "v        | 'v' is not a version",
        "0.1.     | '0.1.' is not a version",
        "'1.2.3.a' | '1.2.3.a' is not a version",
    })
    void unsupportedVersionsAreReportedAtTheirValue(String version, String message) {
      assertThat(problems(withVersion(version)))
          .containsExactly("bunnyfile:1:10 version: " + message + " (this plugin reads bunnyfile v0.1 and earlier)");
    }

    @ParameterizedTest(name = "version: [{0}]")
    @ValueSource(strings = {"", "''", "\"\"", "null", "\"  \""})
    void emptyVersionIsRequired(String version) {
      assertThat(problems(withVersion(version))).containsExactly("bunnyfile:1:1 version: is required (write version: v0.1)");
    }

    @Test
    void missingVersionIsReportedWhereTheMappingStarts() {
      String content = "#syntax=harbor.nbfc.io/nubificus/bunny:latest\n\n" + HEAD.replace("version: v0.1\n", "");
      assertThat(problems(content)).containsExactly("bunnyfile:3:1 version: is required (write version: v0.1)");
    }

    @Test
    void fourthVersionSegmentCounts() throws SpecException {
      assertThat(problems(withVersion("0.1.0.1"))).containsExactly(
          "bunnyfile:1:10 version: version 0.1.0.1 is newer than this plugin reads (this plugin reads bunnyfile v0.1 and earlier)");
      parse(withVersion("v0.0.9.1.2"));
      parse(withVersion("0.1.0.0"));
    }

    @Test
    void preReleaseWithoutDashIsAVersion() throws SpecException {
      parse(withVersion("0.1beta"));
      parse(withVersion("0.0.9rc1"));
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** bunny: a missing kernel.from or kernel.path gives its own message; both missing report from. */
  @Nested
  class Kernel {

    static final String PLATFORM = "version: v0.1\nplatforms:\n  framework: unikraft\n  monitor: qemu\n";

    @Test
    void missingFromIsReportedAtTheKernelKey() {
      assertThat(problems(PLATFORM + "kernel:\n  path: kernel\n"))
          .containsExactly("bunnyfile:5:1 kernel.from: is required (local, or an image reference)");
    }

    @Test
    void missingPathIsReportedAtTheKernelKey() {
      assertThat(problems(PLATFORM + "kernel:\n  from: local\n"))
          .containsExactly("bunnyfile:5:1 kernel.path: is required (the kernel file (from: local) or its path in the image)");
    }

    @Test
    void bothMissingReportFromFirst() {
      assertThat(problems(PLATFORM + "kernel:\n  from: \"\"\n  path: ''\n")).containsExactly(
          "bunnyfile:5:1 kernel.from: is required (local, or an image reference)",
          "bunnyfile:5:1 kernel.path: is required (the kernel file (from: local) or its path in the image)");
    }

    @Test
    void missingKernelIsReportedWhereTheMappingStarts() {
      assertThat(problems(PLATFORM))
          .containsExactly("bunnyfile:1:1 kernel: is required (kernel: {from: local, path: <the unikernel binary>})");
    }

    @Test
    void kernelFromAnImageKeepsItsPath() throws SpecException {
      ImageSpec s = parse(HEAD.replace("from: local\n  path: kernel", "from: unikraft.org/nginx:1.15\n  path: /unikraft/bin/kernel"));
      assertThat(s.kernel().from()).isEqualTo("unikraft.org/nginx:1.15");
      assertThat(s.kernel().isLocal()).isFalse();
      assertThat(s.kernel().path()).isEqualTo("/unikraft/bin/kernel");
      assertThat(s.kernel().target()).isNull();
    }

    @Test
    void valuesAreTrimmed() throws SpecException {
      ImageSpec s = parse(HEAD.replace("path: kernel", "path: \"  build/kernel  \""));
      assertThat(s.kernel().path()).isEqualTo("build/kernel");
    }

    @Test
    void kernelWithoutAValueReportsFromAndPath() {
      assertThat(problems(PLATFORM + "kernel:\n")).containsExactly(
          "bunnyfile:5:1 kernel.from: is required (local, or an image reference)",
          "bunnyfile:5:1 kernel.path: is required (the kernel file (from: local) or its path in the image)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** bunny: if cmd is empty and cmdline is not, cmd = strings.Split(cmdline, " "); else cmdline is ignored. */
  @Nested
  class CmdlineBackCompat {

    @Test
    void cmdlineBecomesCmdWhenCmdIsAbsent() throws SpecException {
      ImageSpec s = parse(HEAD + "cmdline: \"redis-server /conf/redis.conf\"\n");
      assertThat(s.cmd()).containsExactly("redis-server", "/conf/redis.conf");
      assertThat(s.namer().name("cmd")).isEqualTo("bunnyfile:8:10 cmdline");
    }

    @Test
    void cmdlineBecomesCmdWhenCmdIsEmpty() throws SpecException {
      assertThat(parse(HEAD + "cmd: []\ncmdline: /chttp\n").cmd()).containsExactly("/chttp");
      assertThat(parse(HEAD + "cmd:\ncmdline: /chttp -v\n").cmd()).containsExactly("/chttp", "-v");
    }

    @Test
    void cmdWinsAndCmdlineIsIgnored() throws SpecException {
      ImageSpec s = parse(HEAD + "cmdline: \"ignored entirely\"\ncmd: [\"-c\", \"/nginx/conf/nginx.conf\"]\n");
      assertThat(s.cmd()).containsExactly("-c", "/nginx/conf/nginx.conf");
      assertThat(s.namer().name("cmd")).isEqualTo("bunnyfile:9:6 cmd");
      assertThat(s.namer().name("cmd[1]")).isEqualTo("bunnyfile:9:13 cmd[1]");
    }

    @Test
    void cmdItemsAreKeptAsWritten() throws SpecException {
      ImageSpec s = parse(HEAD + "cmd:\n  - \"  spaced  \"\n  - ''\n  - 8080\n  - true\n");
      assertThat(s.cmd()).containsExactly("  spaced  ", "", "8080", "true");
    }

    /**
     * Deliberate difference, documented on {@link ImageSpec#splitCmdline}: bunny splits on single
     * spaces ({@code "a  b"} gives {@code a, "", b}); the plugin treats runs of whitespace as one.
     */
    @Test
    void runsOfWhitespaceSeparateOnce() throws SpecException {
      assertThat(parse(HEAD + "cmdline: \"  a  b\\tc \"\n").cmd()).containsExactly("a", "b", "c");
    }

    @Test
    void blankCmdlineGivesNoCmd() throws SpecException {
      assertThat(parse(HEAD + "cmdline: \"   \"\n").cmd()).isEmpty();
      assertThat(parse(HEAD).cmd()).isEmpty();
    }

    @Test
    void entrypointAndEnvsAreLists() throws SpecException {
      ImageSpec s = parse(HEAD + "entrypoint: [/urunit]\nenvs:\n  - A=1\n  - B=x=y\n");
      assertThat(s.entrypoint()).containsExactly("/urunit");
      assertThat(s.env()).containsExactly("A=1", "B=x=y");
      assertThat(s.namer().name("env[1]")).isEqualTo("bunnyfile:11:5 envs[1]");
    }

    @Test
    void cmdAsAStringIsNotSplit() {
      assertThat(problems(HEAD + "cmd: /chttp -v\n")).containsExactly(
          "bunnyfile:8:6 cmd: must be a list (write cmd: [\"first\", \"second\"] (or the deprecated cmdline: \"a b\"))");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Includes {

    private List<FileInclude> includes(String... entries) throws SpecException {
      StringBuilder sb = new StringBuilder(HEAD).append("rootfs:\n  include:\n");
      for (String e : entries) {
        sb.append("    - ").append(e).append('\n');
      }
      return parse(sb.toString()).rootfs().includes();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis.conf:/conf/redis.conf | redis.conf     | /conf/redis.conf",
        "'a:b:c'                     | a              | b:c",
        "'conf/:/conf'               | conf/          | /conf",
        "'a::b'                      | a              | :b",
        "same                        | same           | same",
        "'\"same:\"'                 | same           | same",
        "'\"/abs/src:\"'             | /abs/src       | /abs/src",
        "'c:\\x:/y'                  | c              | \\x:/y",
    })
    void shortFormSplitsOnTheFirstColonAndAMissingDestinationIsTheSource(String entry, String source, String destination)
        throws SpecException {
      FileInclude f = includes(entry).get(0);
      assertThat(f.from()).isEqualTo("local");
      assertThat(f.source()).isEqualTo(source);
      assertThat(f.destination()).isEqualTo(destination);
      assertThat(f.field()).isEqualTo("rootfs.includes[0]");
    }

    @Test
    void emptySourceIsAnError() {
      assertThat(problems(HEAD + "rootfs:\n  include:\n  - \":/x\"\n  - \":\"\n")).containsExactly(
          "bunnyfile:10:5 rootfs.include[0]: ':/x' has an empty source; write it as source:destination, e.g. redis.conf:/conf/redis.conf",
          "bunnyfile:11:5 rootfs.include[1]: ':' has an empty source; write it as source:destination, e.g. redis.conf:/conf/redis.conf");
    }

    @Test
    void mappingFormDefaultsFromToLocalAndKeepsAnImageReference() throws SpecException {
      List<FileInclude> f = includes(
          "{source: a, destination: /b}",
          "{from: local, source: c, destination: /d}",
          "{from: harbor.nbfc.io/nubificus/urunit:latest, source: /urunit, destination: /urunit}");
      assertThat(f).extracting(FileInclude::from)
          .containsExactly("local", "local", "harbor.nbfc.io/nubificus/urunit:latest");
      assertThat(f).extracting(FileInclude::toString).containsExactly("a:/b", "c:/d", "/urunit:/urunit");
      assertThat(f).extracting(FileInclude::field)
          .containsExactly("rootfs.includes[0]", "rootfs.includes[1]", "rootfs.includes[2]");
    }

    @Test
    void mappingFormNeedsSourceAndDestination() {
      assertThat(problems(HEAD + "rootfs:\n  include:\n  - {from: local, destination: /b}\n  - {from: local, source: a}\n"))
          .containsExactly(
              "bunnyfile:10:5 rootfs.include[0]: source is empty (write {from: local, source: <path>, destination: <path in the rootfs>})",
              "bunnyfile:11:5 rootfs.include[1]: destination is empty (write {from: local, source: <path>, destination: <path in the rootfs>})");
    }

    @Test
    void anyOtherNodeIsNotAnInclude() {
      assertThat(problems(HEAD + "rootfs:\n  include:\n  - [a, /b]\n")).containsExactly(
          "bunnyfile:10:5 rootfs.include[0]: is neither 'src:dst' nor a {from, source, destination} mapping");
    }

    @Test
    void mappingFormKeysAreChecked() {
      assertThat(problems(HEAD + "rootfs:\n  include:\n  - {src: a, source: a, destination: /b}\n")).containsExactly(
          "bunnyfile:10:6 rootfs.include[0].src: is not a bunnyfile key (known here: destination, from, source)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Rootfs {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"rootfs:\n  type: raw\n", "rootfs:\n  from:\n  type: raw\n", "rootfs:\n  from: \"\"\n  type: raw\n",
        "rootfs: {from: '  ', type: raw}\n", "rootfs:\n  from: scratch\n  type: raw\n"})
    void fromDefaultsToScratch(String rootfs) throws SpecException {
      RootfsSpec r = parse(HEAD + rootfs).rootfs();
      assertThat(r.from()).isEqualTo("scratch");
      assertThat(r.isScratch()).isTrue();
      assertThat(r.type()).isEqualTo(RootfsType.RAW);
    }

    @Test
    void noRootfsIsAbsent() throws SpecException {
      assertThat(parse(HEAD).rootfs().isAbsent()).isTrue();
      assertThat(parse(HEAD + "rootfs:\n").rootfs().isAbsent()).isTrue();
      assertThat(parse(HEAD + "rootfs: {}\n").rootfs().isAbsent()).isTrue();
    }

    @ParameterizedTest(name = "type: {0}")
    @CsvSource({"initrd, INITRD", "raw, RAW", "block, BLOCK"})
    void bunnyTypes(String type, RootfsType expected) throws SpecException {
      assertThat(parse(HEAD + "rootfs:\n  from: local\n  path: rootfs.img\n  type: " + type + "\n").rootfs().type())
          .isEqualTo(expected);
    }

    @ParameterizedTest(name = "type: {0}")
    @ValueSource(strings = {"foo", "none", "initramfs", "'[raw]'"})
    void otherTypesAreRejected(String type) {
      String shown = type.replace("'", "");
      assertThat(problems(HEAD + "rootfs:\n  type: " + type + "\n"))
          .containsExactly("bunnyfile:9:9 rootfs.type: '" + shown + "' is not a rootfs type (accepted: initrd, raw, block)");
    }

    @Test
    void pathAndFromAreKeptForTheValidator() throws SpecException {
      RootfsSpec r = parse(HEAD + "rootfs:\n  path: rootfs.cpio\n").rootfs();
      assertThat(r.from()).isEqualTo("scratch");
      assertThat(r.path()).isEqualTo("rootfs.cpio");
    }

    @Test
    void includeMustBeAList() {
      assertThat(problems(HEAD + "rootfs:\n  include:\n    a: /b\n"))
          .containsExactly("bunnyfile:10:5 rootfs.include: must be a list (write one '- src:dst' entry per line)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Keys {

    @Test
    void misspelledTopLevelKeyGetsASuggestion() {
      assertThat(problems(HEAD + "platfroms:\n  framework: unikraft\n")).containsExactly(
          "bunnyfile:8:1 platfroms: is not a bunnyfile key (did you mean 'platforms'? known here: cmd, cmdline,"
              + " entrypoint, envs, kernel, platforms, rootfs, version)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Version, version", "kernal, kernel", "rootf, rootfs", "env, envs", "entrypiont, entrypoint",
        "cmdlin, cmdline", "kernel_, kernel"})
    void suggestions(String written, String suggested) {
      assertThat(problems(HEAD + written + ": x\n")).singleElement().asString()
          .startsWith("bunnyfile:8:1 " + written + ": is not a bunnyfile key (did you mean '" + suggested + "'? ");
    }

    @Test
    void farOffKeyGetsNoSuggestion() {
      assertThat(problems(HEAD + "labels: {a: b}\n")).containsExactly(
          "bunnyfile:8:1 labels: is not a bunnyfile key (known here: cmd, cmdline, entrypoint, envs, kernel, platforms,"
              + " rootfs, version)");
    }

    @Test
    void nestedUnknownKeysNameTheirPath() {
      assertThat(problems(HEAD.replace("  monitor: qemu", "  monitor: qemu\n  hypervisor: qemu")
          + "rootfs:\n  form: scratch\n")).containsExactly(
          "bunnyfile:5:3 platforms.hypervisor: is not a bunnyfile key (known here: architecture, framework, monitor, version)",
          "bunnyfile:10:3 rootfs.form: is not a bunnyfile key (did you mean 'from'? known here: from, include, path, type)");
    }

    @Test
    void duplicateKeysAreReportedWhereTheyRepeat() {
      assertThat(problems(HEAD + "cmd: [a]\ncmd: [b]\n"))
          .containsExactly("bunnyfile:9:1 cmd: is set twice (keep one)");
      assertThat(problems(HEAD.replace("  monitor: qemu", "  monitor: qemu\n  monitor: firecracker")))
          .containsExactly("bunnyfile:5:3 platforms.monitor: is set twice (keep one)");
    }

    @Test
    void nonTextKeysAreRejected() {
      assertThat(problems(HEAD + "? [a, b]\n: c\n")).containsExactly("bunnyfile:8:3: a key must be plain text");
    }

    @Test
    void sectionsMustBeMappings() {
      assertThat(problems(HEAD.replace("platforms:\n  framework: unikraft\n  monitor: qemu", "platforms: unikraft")))
          .containsExactly("bunnyfile:2:12 platforms: must be a mapping (indent its fields below 'platforms:')");
    }

    @Test
    void suggestionTiesAreResolvedTheSameWayEveryRun() {
      // 'frth' is two edits from both 'from' and 'path': the suggestion must not depend on order
      assertThat(Suggestions.distance("frth", "from")).isEqualTo(2);
      assertThat(Suggestions.distance("frth", "path")).isEqualTo(2);
      assertThat(Suggestions.nearest("platfroms", List.of("version", "platforms", "rootfs"))).isEqualTo("platforms");
      assertThat(Suggestions.nearest("zzzzzzzz", List.of("version", "platforms", "rootfs"))).isNull();
    }

    @Test
    void equallyNearKeysGiveADeterministicSuggestion() {
      assertThat(Suggestions.nearest("frth", List.of("from", "path")))
          .isEqualTo(Suggestions.nearest("frth", List.of("path", "from")));
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Yaml {

    @Test
    void syntaxLineAndBlankLinesAreComments() throws SpecException {
      ImageSpec s = parse("#syntax=harbor.nbfc.io/nubificus/bunny:latest\n\n\n\n" + HEAD);
      assertThat(s.namer().name("kernel.path")).isEqualTo("bunnyfile:11:9 kernel.path");
    }

    @Test
    void flowStyleAndByteOrderMarkAreFine() throws SpecException {
      ImageSpec s = parse("\uFEFF{version: v0.1, platforms: {framework: unikraft, monitor: qemu},"
          + " kernel: {from: local, path: k}, cmd: [a, b]}");
      assertThat(s.cmd()).containsExactly("a", "b");
    }

    @Test
    void badIndentationCarriesLineAndColumn() {
      assertThat(problems("version: v0.1\nkernel:\n  from: local\n   path: k\n"))
          .containsExactly("bunnyfile:4:8: is not valid YAML: mapping values are not allowed here (fix the YAML syntax)");
    }

    @Test
    void unterminatedQuoteCarriesLineAndColumn() {
      assertThat(problems(HEAD + "cmdline: 'redis-server\n"))
          .containsExactly("bunnyfile:9:1: is not valid YAML: found unexpected end of stream while scanning a quoted"
              + " scalar (fix the YAML syntax)");
    }

    @Test
    void anchorsAndAliasesWork() throws SpecException {
      ImageSpec s = parse(HEAD + "cmd: &c [a, b]\nentrypoint: *c\n");
      assertThat(s.entrypoint()).containsExactly("a", "b");
    }

    @Test
    void recursiveAliasIsNotFollowed() {
      // the alias is the anchored node itself, so it is named where that node starts
      assertThat(problems(HEAD + "cmd: &c [a, *c]\n")).containsExactly("bunnyfile:8:6 cmd[1]: must be a single value");
    }

    @Test
    void fileNameIsUsedInMessages() {
      SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
          () -> BunnyfileParser.parse("version: v9\n" + HEAD.substring(HEAD.indexOf('\n') + 1), "<bunnyfileContent>"));
      assertThat(e.getMessage()).isEqualTo("1 problem in <bunnyfileContent>:\n  - <bunnyfileContent>:1:10 version:"
          + " version v9 is newer than this plugin reads (this plugin reads bunnyfile v0.1 and earlier)");
    }

    @Test
    void problemsAreListedInFileOrder() {
      List<String> lines = problems("cmd: x\nkernel: {from: local}\nversion: 9\nrootfs: {type: t}\n");
      assertThat(lines).containsExactly(
          "bunnyfile:1:6 cmd: must be a list (write cmd: [\"first\", \"second\"] (or the deprecated cmdline: \"a b\"))",
          "bunnyfile:2:1 kernel.path: is required (the kernel file (from: local) or its path in the image)",
          "bunnyfile:3:10 version: version 9 is newer than this plugin reads (this plugin reads bunnyfile v0.1 and earlier)",
          "bunnyfile:4:16 rootfs.type: 't' is not a rootfs type (accepted: initrd, raw, block)");
    }

    @Test
    void yamlNullSpellingsAreNull() throws SpecException {
      ImageSpec s = parse(HEAD.replace("  monitor: qemu", "  monitor: qemu\n  architecture: ~\n  version: Null")
          + "rootfs: NULL\ncmdline: ~\n");
      assertThat(s.platform().architecture()).isNull();
      assertThat(s.platform().version()).isNull();
      assertThat(s.rootfs().isAbsent()).isTrue();
      assertThat(s.cmd()).isEmpty();
    }

    @Test
    void yamlErrorWithoutContextHasOneSpace() {
      assertThat(problems(HEAD + "cmd: [*missing]\n"))
          .containsExactly("bunnyfile:8:7: is not valid YAML: found undefined alias missing (fix the YAML syntax)");
    }

    /** Every position of a non-BMP character relative to snakeyaml-engine's 1024-char read buffer. */
    @Test
    void surrogatePairAtTheReadBufferBoundary() throws SpecException {
      for (int at = 1020; at < 1030; at++) {
        String content = HEAD + "# ";
        content += "x".repeat(at - content.length()) + "\uD83D\uDE80 launch\n";
        assertThat(content.charAt(at)).isEqualTo('\uD83D');
        assertThat(parse(content).kernel().path()).isEqualTo("kernel");
      }
      String quoted = HEAD + "cmd: [\"" + "\uD83D\uDE80".repeat(600) + "\"]\n";
      assertThat(parse(quoted).cmd()).singleElement().asString().hasSize(1200);
    }

    @Test
    void nonBmpCharactersAwayFromTheBufferBoundaryAreFine() throws SpecException {
      assertThat(parse(HEAD + "# \uD83D\uDE80 launch\ncmd: [\"\uD83D\uDE80\"]\n").cmd()).containsExactly("\uD83D\uDE80");
    }

    @Test
    void problemsHoldNoLineBreaks() {
      for (String content : List.of("&\n", HEAD + "rootfs: {type: \"a\\nb\"}\n", withVersion("\"v0.1\\r\\nx\""))) {
        SpecException e = parseFailure(content);
        assertThat(e.getMessage().split("\n")).as(e.getMessage()).hasSize(e.problems().size() + 1);
      }
    }

    @Test
    void specialCharactersAreReportedWhereTheyAre() {
      assertThat(problems(HEAD + "cmd: [a\0b]\n"))
          .singleElement().asString().startsWith("bunnyfile:8:8: is not valid YAML: special characters are not allowed");
    }

    @Test
    void valuesInMessagesAreEscapedAndShortened() {
      String message = problems(withVersion("\"\\e[2J" + "9".repeat(5000) + "\"")).get(0);
      assertThat(message).doesNotContain("\u001B");
      assertThat(message.length()).isLessThan(400);
    }
  }
}
