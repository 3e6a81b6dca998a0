package dev.bunny.bunnyfile;

import static dev.bunny.bunnyfile.BunnyfileCorpusTest.FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bunny's {@code ValidateRootfs} table and the other checks that need files, run on bunnyfiles
 * through {@link SpecValidator#validate}: every message must name the place in the bunnyfile.
 */
class BunnyfileValidationTest {

  /** Lines 1-8; rootfs fields start on line 9. */
  static final String HEAD = String.join("\n",
      "version: v0.1",
      "platforms:",
      "  framework: unikraft",
      "  monitor: qemu",
      "kernel:",
      "  from: local",
      "  path: kernel",
      "rootfs:",
      "");

  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.write(dir.resolve("kernel"), x86_64Elf());
    Files.writeString(dir.resolve("app.conf"), "port=80\n");
    Files.write(dir.resolve("rootfs.cpio"), new byte[512]);
  }

  /** The first 64 bytes of a little-endian x86-64 ELF executable: enough for the kernel check. */
  static byte[] x86_64Elf() {
    byte[] h = new byte[64];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = 2; // 64-bit
    h[5] = 1; // little endian
    h[6] = 1;
    h[16] = 2; // ET_EXEC
    h[18] = 62; // EM_X86_64
    return h;
  }

  ResolvedSpec valid(String content) throws SpecException {
    return SpecValidator.validate(BunnyfileParser.parse(content, FILE), dir);
  }

  List<String> problems(String content) {
    ImageSpec spec;
    try {
      spec = BunnyfileParser.parse(content, FILE);
    } catch (SpecException e) {
      return fail("the bunnyfile itself should parse:\n" + e.getMessage());
    }
    try {
      ResolvedSpec r = SpecValidator.validate(spec, dir);
      return fail("expected a SpecException, got " + r);
    } catch (SpecException e) {
      return BunnyfileCorpusTest.problemLines(e);
    }
  }

  private static final Pattern LOCATED = Pattern.compile("bunnyfile:(\\d+):(\\d+) ([^ :]+)(?: \\(([^)]+)\\))?: .*");

  /**
   * Asserts that {@code problem} names line:column of the key it is about: the line holds that key
   * and the column is where its value starts (for a block list, the first {@code -} below the key;
   * for a field that was not written, the column of its parent key).
   */
  static void assertPointsAtItsKey(String content, String problem) {
    Matcher m = LOCATED.matcher(problem);
    assertThat(m.matches()).as("'%s' starts with bunnyfile:line:col and a field", problem).isTrue();
    int line = Integer.parseInt(m.group(1));
    int column = Integer.parseInt(m.group(2));
    String written = m.group(3);
    String key = written.substring(written.lastIndexOf('.') + 1);
    String[] lines = content.split("\n", -1);
    String text = lines[line - 1];
    if (text.trim().startsWith("- ")) {
      assertThat(lines[line - 2].trim()).as(problem).isEqualTo(key + ":");
      assertThat(text.charAt(column - 1)).as(problem).isEqualTo('-');
    } else if (m.group(4) != null) {
      assertThat(text).as(problem).isEqualTo(" ".repeat(column - 1) + key + ":");
    } else {
      assertThat(text.trim()).as(problem).startsWith(key + ":");
      assertThat(column - 1).as(problem).isEqualTo(text.indexOf(':') + 2);
    }
  }

  // --- bunny's ValidateRootfs table --------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("bunnyOkRows")
  void bunnyAcceptsAndSoDoesThePlugin(String row, String rootfs, RootfsType type) throws SpecException {
    ResolvedSpec r = valid(HEAD + rootfs);
    assertThat(r.rootfsType()).isEqualTo(type);
    assertThat(r.rootfsIncludes()).singleElement().satisfies(i -> {
      assertThat(i.source()).isEqualTo(dir.resolve("app.conf"));
      assertThat(i.destination()).isEqualTo("/etc/app.conf");
      assertThat(i.origin()).isEqualTo("bunnyfile:" + (HEAD + rootfs).split("\n").length + ":5 rootfs.include[0] app.conf:/etc/app.conf");
    });
  }

  static Stream<Arguments> bunnyOkRows() {
    return Stream.of(
        Arguments.of("scratch + include", "  from: scratch\n  include:\n  - app.conf:/etc/app.conf\n", RootfsType.INITRD),
        Arguments.of("\"\" + include", "  from: \"\"\n  include:\n  - app.conf:/etc/app.conf\n", RootfsType.INITRD),
        Arguments.of("(no from) + include", "  include:\n  - app.conf:/etc/app.conf\n", RootfsType.INITRD),
        Arguments.of("scratch + type + include", "  from: scratch\n  type: raw\n  include:\n  - app.conf:/etc/app.conf\n",
            RootfsType.RAW),
        Arguments.of("\"\" + type + include", "  from: ''\n  type: initrd\n  include:\n  - app.conf:/etc/app.conf\n",
            RootfsType.INITRD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bunnyErrorRows")
  void bunnyRejectsAndThePluginNamesTheKey(String row, String rootfs, List<String> expected) {
    String content = HEAD + rootfs;
    List<String> problems = problems(content);
    assertThat(problems).containsExactlyElementsOf(expected);
    for (String p : problems) {
      assertPointsAtItsKey(content, p);
    }
  }

  static Stream<Arguments> bunnyErrorRows() {
    String needsLocal = ": a prebuilt rootfs file needs from=local (set rootfs from to local, or drop the path and use includes)";
    return Stream.of(
        Arguments.of("\"\" + path", "  path: rootfs.cpio\n",
            List.of("bunnyfile:9:9 rootfs.path" + needsLocal)),
        Arguments.of("\"\" + path, from written empty", "  from: \"\"\n  path: rootfs.cpio\n",
            List.of("bunnyfile:10:9 rootfs.path" + needsLocal)),
        Arguments.of("scratch + path", "  from: scratch\n  path: rootfs.cpio\n",
            List.of("bunnyfile:10:9 rootfs.path" + needsLocal)),
        Arguments.of("local + path + raw", "  from: local\n  path: rootfs.cpio\n  type: raw\n",
            List.of("bunnyfile:11:9 rootfs.type: raw copies files into the image rootfs and cannot use the prebuilt file"
                + " 'rootfs.cpio' (use type initrd or block for a prebuilt file, or includes for raw)")),
        Arguments.of("local + raw", "  from: local\n  type: raw\n",
            List.of("bunnyfile:9:9 rootfs.from: a raw rootfs cannot come from a local file (use from scratch with includes)",
                "bunnyfile:8:1 rootfs (rootfs.path): is required when the rootfs comes from a local file"
                    + " (the prebuilt initrd or block image)")),
        Arguments.of("local + path + include", "  from: local\n  path: rootfs.cpio\n  include:\n  - app.conf:/etc/app.conf\n",
            List.of("bunnyfile:12:3 rootfs.include: files cannot be added to a prebuilt rootfs file"
                + " (drop the includes, or build the rootfs from scratch with includes only)")),
        Arguments.of("registry + block without a path", "  from: foo/bar\n  type: block\n",
            List.of("bunnyfile:10:9 rootfs.type: building block images is not supported"
                + " (give a prebuilt image: from local with a path)",
                "bunnyfile:10:9 rootfs.type: unikraft has no block device support (accepted for unikraft on qemu:"
                    + " initrd, raw, none)")));
  }

  /**
   * bunny refuses files added to a non-raw rootfs from an image; here the image's files and the
   * includes make the initrd together (the image's files first, includes may replace them).
   */
  @Test
  void aRegistryRootfsWithIncludesBecomesTheInitrdsBase() throws SpecException {
    ResolvedSpec r = valid(HEAD + "  from: harbor.nbfc.io/nubificus/base:latest\n  include:\n  - app.conf:/etc/app.conf\n");
    assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
    assertThat(r.buildsInitrd()).isTrue();
    assertThat(r.rootfsIncludes()).hasSize(2);
    assertThat(r.rootfsIncludes().get(0).image()).hasToString("harbor.nbfc.io/nubificus/base:latest");
    assertThat(r.rootfsIncludes().get(0).base()).isTrue();
    assertThat(r.rootfsIncludes().get(1).source()).isEqualTo(dir.resolve("app.conf"));
  }

  @Test
  void localPrebuiltInitrdIsFine() throws SpecException {
    ResolvedSpec r = valid(HEAD + "  from: local\n  path: rootfs.cpio\n  type: initrd\n");
    assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
    assertThat(r.rootfsFile()).isEqualTo(dir.resolve("rootfs.cpio"));
  }

  @Test
  void seedBunnyfilesValidateWithTheirFiles() throws IOException, SpecException {
    Files.write(dir.resolve("redis-qemu-x86_64-initrd_qemu-x86_64"), x86_64Elf());
    Files.write(dir.resolve("redis.hvt"), x86_64Elf());
    Files.write(dir.resolve("app-elfloader-qemu-x86_64-initrd_qemu-x86_64"), x86_64Elf());
    Files.writeString(dir.resolve("redis.conf"), "port 6379\n");
    assertThat(valid(BunnyfileCorpusTest.read("valid", "seed-redis-unikraft-initrd", ".bunnyfile")).rootfsType())
        .isEqualTo(RootfsType.INITRD);
    assertThat(valid(BunnyfileCorpusTest.read("valid", "seed-redis-rumprun-raw", ".bunnyfile")).rootfsType())
        .isEqualTo(RootfsType.RAW);
    ResolvedSpec chttp = valid(BunnyfileCorpusTest.read("valid", "seed-chttp-unikraft-local-rootfs", ".bunnyfile"));
    assertThat(chttp.rootfsType()).isEqualTo(RootfsType.INITRD);
    assertThat(chttp.cmd()).containsExactly("/chttp");
  }

  // --- other rules, still located -------------------------------------------------------------------

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"framework", "monitor"})
  void missingFrameworkOrMonitorIsNamedAtThePlatformsKey(String field) {
    String content = HEAD.replaceAll("  " + field + ": [a-z]+\n", "").replace("rootfs:\n", "");
    assertThat(problems(content)).singleElement().asString()
        .startsWith("bunnyfile:2:1 platforms (platform." + field + "): is required (one of: ");
  }

  @Test
  void withoutPlatformsTheFileIsNamed() {
    String content = "version: v0.1\nkernel:\n  from: local\n  path: kernel\n";
    assertThat(problems(content)).extracting(p -> p.substring(0, p.indexOf(':', FILE.length() + 1)))
        .containsExactly("bunnyfile platform.framework", "bunnyfile platform.monitor");
  }

  @Test
  void missingKernelFileIsNamedAtItsPath() {
    String content = HEAD.replace("path: kernel", "path: build/kernel").replace("rootfs:\n", "");
    List<String> problems = problems(content);
    assertThat(problems).containsExactly("bunnyfile:7:9 kernel.path: file '" + dir.resolve("build/kernel")
        + "' does not exist (build the unikernel first or fix the path)");
    assertPointsAtItsKey(content, problems.get(0));
  }

  @Test
  void missingIncludeSourceIsNamedAtItsEntry() {
    String content = HEAD + "  include:\n  - app.conf:/etc/app.conf\n  - {source: nothere, destination: /x}\n";
    assertThat(problems(content)).containsExactly("bunnyfile:11:5 rootfs.include[1]: source '" + dir.resolve("nothere")
        + "' does not exist (paths are relative to the project directory)");
  }

  @Test
  void frameworkTypeRuleIsNamedAtTheType() {
    String content = HEAD.replace("unikraft", "rumprun").replace("qemu", "hvt") + "  from: local\n  path: rootfs.cpio\n  type: initrd\n";
    List<String> problems = problems(content);
    assertThat(problems).containsExactly(
        "bunnyfile:11:9 rootfs.type: rumprun cannot boot from an initrd (accepted for rumprun on hvt: raw, block, none)");
    assertPointsAtItsKey(content, problems.get(0));
  }

  @Test
  void badEnvironmentEntriesAreNamedAtTheirItem() {
    String content = HEAD.replace("rootfs:\n", "") + "envs:\n  - A=1\n  - NOVALUE\n";
    assertThat(problems(content))
        .containsExactly("bunnyfile:10:5 envs[1]: 'NOVALUE' is not KEY=VALUE (write a name, '=' and a value)");
  }

  @Test
  void linuxNeedsACommandAndTheDeprecatedCmdlineCounts() throws SpecException {
    String linux = HEAD.replace("unikraft", "linux").replace("rootfs:\n", "");
    assertThat(problems(linux)).singleElement().asString().startsWith("bunnyfile cmd: a linux guest needs a command");
    assertThat(valid(linux + "cmdline: /sbin/init\n").cmd()).containsExactly("/sbin/init");
  }

  // --- known bugs ---------------------------------------------------------------------------------

  /** Every input must end in a ResolvedSpec or a SpecException. */
  private List<String> onlySpecExceptions(String... contents) {
    List<String> escaped = new ArrayList<>();
    for (String content : contents) {
      try {
        SpecValidator.validate(BunnyfileParser.parse(content, FILE), dir);
      } catch (SpecException e) {
        // fine
      } catch (RuntimeException e) {
        escaped.add(e + " for " + content.replace("\n", "\\n"));
      }
    }
    return escaped;
  }

  @Test
  void nulInAPathIsAProblemNotAnException() {
    assertThat(onlySpecExceptions(
        HEAD.replace("path: kernel", "path: \"ker\\0nel\"") + "  type: raw\n",
        HEAD + "  from: local\n  path: \"root\\0fs.cpio\"\n  type: initrd\n",
        HEAD + "  include:\n  - \"app\\0.conf:/etc/app.conf\"\n")).isEmpty();
  }

  @Test
  void malformedGlobIsAProblemNotAnException() {
    assertThat(onlySpecExceptions(
        HEAD + "  include:\n  - \"[:/x\"\n",
        HEAD + "  include:\n  - \"*{a:/x/\"\n",
        HEAD + "  include:\n  - \"app[a-:/x\"\n")).isEmpty();
  }
}
