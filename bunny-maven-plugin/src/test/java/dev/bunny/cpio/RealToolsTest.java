package dev.bunny.cpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.fs.TreeEntry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-checks our initrds with GNU cpio and libarchive's bsdtar, which real users and bunny use. */
class RealToolsTest {

  private static final long MTIME = 1_600_000_000L;
  private static final String GNU_CPIO = "/usr/bin/cpio";
  private static final String BSDTAR = "/usr/bin/bsdtar";
  private static final String UTF8_NAME = "r\u00e9sum\u00e9-\u00fc.txt"; // résumé-ü.txt

  @TempDir Path tmp;

  private Path src;
  private Path initrd;
  private FileTree tree;

  /**
   * src/
   *   bin/tool            0755, a script
   *   data/blob.bin       3 MiB + 5 of pseudo-random bytes
   *   data/nested/deep/leaf.txt
   *   data/résumé-ü.txt
   *   etc/conf            0644
   *   etc/conf.hard       hard link to etc/conf
   *   etc/current -> ../data/nested/deep   (relative symlink to a directory)
   *   etc/leaf -> ../data/nested/deep/leaf.txt
   */
  @BeforeEach
  void buildInitrd() throws Exception {
    src = Files.createDirectories(tmp.resolve("src"));
    Path bin = Files.createDirectories(src.resolve("bin"));
    Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

    Path data = Files.createDirectories(src.resolve("data"));
    byte[] blob = new byte[3 * 1024 * 1024 + 5];
    new Random(7).nextBytes(blob);
    Files.write(data.resolve("blob.bin"), blob);
    Path deep = Files.createDirectories(data.resolve("nested/deep"));
    Files.writeString(deep.resolve("leaf.txt"), "leaf\n");
    if (utf8FileNames()) {
      Files.writeString(data.resolve(UTF8_NAME), "caf\u00e9\n");
    }

    Path etc = Files.createDirectories(src.resolve("etc"));
    Path conf = Files.writeString(etc.resolve("conf"), "key=value\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createLink(etc.resolve("conf.hard"), conf);
    Files.createSymbolicLink(etc.resolve("current"), Path.of("../data/nested/deep"));
    Files.createSymbolicLink(etc.resolve("leaf"), Path.of("../data/nested/deep/leaf.txt"));

    tree = new FileTreeBuilder().add(src, "/", "<include> src/:/").build();
    initrd = tmp.resolve("initrd.cpio");
    InitrdFile.write(tree, MTIME, initrd);
  }

  private static boolean utf8FileNames() {
    return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
  }

  @Test
  void gnuCpioExtractsEverythingFaithfully() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(GNU_CPIO)), "install cpio");
    Path out = Files.createDirectories(tmp.resolve("gnu"));
    Result r = run(out, initrd, GNU_CPIO, "-idmv", "--no-absolute-filenames");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
    assertSameTree(out);
    // -m restores our mtime
    assertThat(Files.getLastModifiedTime(out.resolve("etc/conf")).toMillis() / 1000).isEqualTo(MTIME);
  }

  @Test
  void bsdtarExtractsEverythingFaithfully() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(BSDTAR)), "install libarchive-tools");
    Path out = Files.createDirectories(tmp.resolve("bsd"));
    Result r = run(out, null, BSDTAR, "-xf", initrd.toString());
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).isEmpty();
    assertSameTree(out);
    assertThat(Files.getLastModifiedTime(out.resolve("bin/tool")).toMillis() / 1000).isEqualTo(MTIME);
  }

  @Test
  void gnuCpioListingHasParentsFirstAndNoRootEntry() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(GNU_CPIO)), "install cpio");
    Result r = run(tmp, initrd, GNU_CPIO, "-t", "--quiet");
    assertThat(r.exit).as(r.output).isZero();
    List<String> names = r.output.lines().toList();

    List<String> expected = new ArrayList<>();
    for (TreeEntry e : tree.entries()) {
      expected.add(e.path());
    }
    assertThat(names).containsExactlyElementsOf(expected);
    assertThat(names).doesNotContain(".", "/", "./", "").allSatisfy(n -> {
      assertThat(n).doesNotStartWith("/").doesNotStartWith("./");
    });
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      String parent = ArchivePath.parent(n);
      assertThat(parent.isEmpty() || seen.contains(parent)).as("parent of %s listed before it", n).isTrue();
      seen.add(n);
    }
    assertThat(names).contains("bin", "bin/tool", "data/nested", "data/nested/deep", "data/nested/deep/leaf.txt",
        "etc/current", "etc/conf.hard");
    if (utf8FileNames()) {
      assertThat(names).contains("data/" + UTF8_NAME);
    }
  }

  @Test
  void bsdtarVerboseListingShowsModesLinksAndOwners() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(BSDTAR)), "install libarchive-tools");
    Result r = run(tmp, null, BSDTAR, "-tvf", initrd.toString());
    assertThat(r.exit).as(r.output).isZero();
    // e.g. "-rwxr-xr-x  1 0      0          18 Sep 13  2020 bin/tool"
    assertThat(r.output).containsPattern("(?m)^-rwxr-xr-x +1 0 +0 +18 .* bin/tool$");
    assertThat(r.output).containsPattern("(?m)^drwxr-xr-x +2 0 +0 +0 .* data$");
    // a symlink's size is its target's length: "../data/nested/deep" is 19 bytes
    assertThat(r.output).containsPattern("(?m)^lrwxrwxrwx +1 0 +0 +19 .* etc/current -> \\.\\./data/nested/deep$");
    assertThat(r.output).containsPattern("(?m)^-rw-r--r-- +1 0 +0 +10 .* etc/conf.hard$");
    // no entry is shown as a hard link of another
    assertThat(r.output).doesNotContain(" link to ");
  }

  /** Every source entry is in {@code out} with the same type, content, link target and permissions. */
  private void assertSameTree(Path out) throws IOException {
    for (TreeEntry e : tree.entries()) {
      Path got = out.resolve(e.path());
      Path want = src.resolve(e.path());
      switch (e.kind()) {
        case DIRECTORY -> assertThat(got).as(e.path()).isDirectory();
        case SYMLINK -> {
          assertThat(Files.isSymbolicLink(got)).as(e.path() + " is a symlink").isTrue();
          assertThat(Files.readSymbolicLink(got)).isEqualTo(Files.readSymbolicLink(want));
        }
        case FILE -> {
          assertThat(Files.isRegularFile(got, LinkOption.NOFOLLOW_LINKS)).as(e.path()).isTrue();
          assertThat(Files.mismatch(got, want)).as(e.path() + " content").isEqualTo(-1L);
        }
      }
      if (e.kind() != TreeEntry.Kind.SYMLINK) {
        assertThat(mode(got)).as(e.path() + " mode").isEqualTo(e.mode());
      }
    }
    // nothing more than the tree was extracted
    try (var walk = Files.walk(out)) {
      assertThat(walk.filter(p -> !p.equals(out)).count()).isEqualTo(tree.entries().size());
    }

    assertThat(mode(out.resolve("bin/tool"))).isEqualTo(0755);
    assertThat(mode(out.resolve("etc/conf"))).isEqualTo(0644);
    assertThat(out.resolve("data/blob.bin")).hasSize(3 * 1024 * 1024 + 5);
    // the symlink to a directory stays a symlink and resolves inside the extracted tree
    assertThat(Files.readSymbolicLink(out.resolve("etc/current"))).isEqualTo(Path.of("../data/nested/deep"));
    assertThat(out.resolve("etc/current/leaf.txt")).hasContent("leaf");
    if (utf8FileNames()) {
      assertThat(out.resolve("data/" + UTF8_NAME)).hasContent("caf\u00e9");
    }

    // The hard-linked pair comes out as two independent files with equal content.
    Path conf = out.resolve("etc/conf");
    Path hard = out.resolve("etc/conf.hard");
    assertThat(Files.isSameFile(conf, hard)).isFalse();
    assertThat((Integer) Files.getAttribute(conf, "unix:nlink")).isEqualTo(1);
    assertThat((Integer) Files.getAttribute(hard, "unix:nlink")).isEqualTo(1);
    assertThat(Files.mismatch(conf, hard)).isEqualTo(-1L);
    assertThat(hard).hasContent("key=value");
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private record Result(int exit, String output) {}

  /** Runs a tool in {@code dir}, optionally with {@code stdin} as its input; stdout and stderr merged. */
  private static Result run(Path dir, Path stdin, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Result(p.exitValue(), output);
  }
}
