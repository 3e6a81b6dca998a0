package dev.bunny.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bunny.fs.TreeEntry.Kind;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTreeBuilderTest {

  @TempDir Path tmp;

  // ---------------------------------------------------------------- helpers

  private Path file(String relative, String content) throws IOException {
    Path p = tmp.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private Path dir(String relative) throws IOException {
    return Files.createDirectories(tmp.resolve(relative));
  }

  private static void chmod(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  private static List<String> paths(FileTree tree) {
    return tree.entries().stream().map(TreeEntry::path).toList();
  }

  private static Map<String, TreeEntry> byPath(FileTree tree) {
    Map<String, TreeEntry> m = new HashMap<>();
    tree.entries().forEach(e -> m.put(e.path(), e));
    return m;
  }

  /** The FileTree contract: unique paths, every parent present as a directory and listed first. */
  private static void assertWellFormed(FileTree tree) {
    Map<String, Integer> index = new HashMap<>();
    List<TreeEntry> entries = tree.entries();
    for (int i = 0; i < entries.size(); i++) {
      TreeEntry e = entries.get(i);
      assertThat(e.path()).isNotEmpty().doesNotStartWith("/").doesNotEndWith("/");
      assertThat(e.path().split("/")).doesNotContain("", ".", "..");
      assertThat(index.put(e.path(), i)).as("duplicate %s", e.path()).isNull();
      String parent = ArchivePath.parent(e.path());
      if (!parent.isEmpty()) {
        assertThat(index).as("parent of %s listed before it", e.path()).containsKey(parent);
        assertThat(entries.get(index.get(parent)).kind()).isEqualTo(Kind.DIRECTORY);
      }
      if (i > 0) {
        assertThat(ArchivePath.compare(entries.get(i - 1).path(), e.path())).isNegative();
      }
    }
  }

  private static Process start(String... command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  // ---------------------------------------------------------------- destinations

  @Nested
  class Destinations {

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/a/../../b", "a/..", "/..", "a/../b", "..\\x"})
    void dotDotIsRejectedWithMessage(String destination) throws Exception {
      Path f = file("f.txt", "x");
      assertThatThrownBy(() -> new FileTreeBuilder().add(f, destination, "<include> f.txt:" + destination))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> f.txt:" + destination)
          .hasMessageContaining("'" + destination + "'")
          .hasMessageContaining("uses '..'")
          .hasMessageContaining("inside the image root");
    }

    @Test
    void nulInDestinationIsRejected() throws Exception {
      Path f = file("f.txt", "x");
      assertThatThrownBy(() -> new FileTreeBuilder().add(f, "/a\0b", "<include> nul"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> nul")
          .hasMessageContaining("NUL");
    }

    @Test
    void destinationsAreNormalised() throws Exception {
      Path f = file("f.txt", "x");
      FileTree tree = new FileTreeBuilder()
          .add(f, "conf//one", "o1")
          .add(f, "./conf/./two", "o2")
          .add(f, "/conf/three", "o3")
          .add(f, "conf\\four", "o4")
          .build();
      assertThat(paths(tree)).containsExactly("conf", "conf/four", "conf/one", "conf/three", "conf/two");
    }

    @Test
    void fileWithTrailingSlashDestinationGoesInsideThatDirectoryUnderItsOwnName() throws Exception {
      Path f = file("src/redis.conf", "port 6379\n");
      FileTree tree = new FileTreeBuilder()
          .add(f, "/etc/redis/", "<include> redis.conf:/etc/redis/")
          .add(f, "/copy", "<include> redis.conf:/copy")
          .add(f, "/", "<include> redis.conf:/")
          .build();
      assertThat(paths(tree)).containsExactly("copy", "etc", "etc/redis", "etc/redis/redis.conf", "redis.conf");
      TreeEntry e = byPath(tree).get("etc/redis/redis.conf");
      assertThat(e.kind()).isEqualTo(Kind.FILE);
      assertThat(e.size()).isEqualTo(10);
      assertThat(e.source()).isEqualTo(f);
      assertThat(e.origin()).isEqualTo("<include> redis.conf:/etc/redis/");
      // without the slash the destination is the file's own name
      assertThat(byPath(tree).get("copy").kind()).isEqualTo(Kind.FILE);
      assertWellFormed(tree);
    }
  }

  // ---------------------------------------------------------------- directories

  @Nested
  class Directories {

    @Test
    void directoryIncludePutsItsContentsBelowTheDestination() throws Exception {
      Path site = dir("site");
      chmod(site, "rwxr-x---");
      file("site/index.html", "<html/>");
      file("site/css/a.css", "a{}");
      FileTree tree = new FileTreeBuilder().add(site, "/var/www", "<include> site/:/var/www").build();

      assertThat(paths(tree)).containsExactly("var", "var/www", "var/www/css", "var/www/css/a.css", "var/www/index.html");
      Map<String, TreeEntry> m = byPath(tree);
      // the included directory itself becomes the destination, with its own mode; no "site" component
      assertThat(m.get("var/www").kind()).isEqualTo(Kind.DIRECTORY);
      assertThat(m.get("var/www").mode()).isEqualTo(0750);
      assertThat(m.get("var/www").origin()).isEqualTo("<include> site/:/var/www");
      assertThat(m.get("var/www/css/a.css").source()).isEqualTo(site.resolve("css/a.css"));
      assertWellFormed(tree);
    }

    @Test
    void directoryIncludedAtTheRootAddsNoRootEntry() throws Exception {
      Path root = dir("root");
      file("root/a.txt", "a");
      file("root/d/b.txt", "b");
      FileTree tree = new FileTreeBuilder().add(root, "/", "<include> root/:/").build();
      assertThat(paths(tree)).containsExactly("a.txt", "d", "d/b.txt");
      assertWellFormed(tree);
    }

    @Test
    void missingParentsAreSynthesisedWith0755() throws Exception {
      Path f = file("f", "x");
      FileTree tree = new FileTreeBuilder().add(f, "/a/b/c/file", "<include> f").build();
      assertThat(paths(tree)).containsExactly("a", "a/b", "a/b/c", "a/b/c/file");
      for (String p : List.of("a", "a/b", "a/b/c")) {
        TreeEntry e = byPath(tree).get(p);
        assertThat(e.kind()).as(p).isEqualTo(Kind.DIRECTORY);
        assertThat(e.mode()).as(p).isEqualTo(0755);
        assertThat(e.origin()).as(p).contains("<include> f");
      }
      assertWellFormed(tree);
    }

    @Test
    void twoDirectoryIncludesMergeAndTheFirstModeWins() throws Exception {
      Path one = dir("one");
      file("one/shared/a.txt", "a");
      file("one/only-one.txt", "1");
      chmod(one.resolve("shared"), "rwx------");
      Path two = dir("two");
      file("two/shared/b.txt", "b");
      file("two/only-two.txt", "2");
      FileTree tree = new FileTreeBuilder()
          .add(one, "/opt", "<include> one/:/opt")
          .add(two, "/opt", "<include> two/:/opt")
          .build();
      assertThat(paths(tree)).containsExactly(
          "opt", "opt/only-one.txt", "opt/only-two.txt", "opt/shared", "opt/shared/a.txt", "opt/shared/b.txt");
      assertThat(byPath(tree).get("opt/shared").mode()).isEqualTo(0700);
      assertThat(byPath(tree).get("opt/shared").origin()).isEqualTo("<include> one/:/opt");
      assertWellFormed(tree);
    }
  }

  // ---------------------------------------------------------------- conflicts

  @Nested
  class Conflicts {

    @Test
    void twoIncludesWritingTheSamePathAreRejectedNamingBoth() throws Exception {
      Path a = file("a/app.conf", "a");
      Path b = file("b/app.conf", "b");
      FileTreeBuilder builder = new FileTreeBuilder().add(a, "/etc/app.conf", "<include> a/app.conf:/etc/");
      assertThatThrownBy(() -> builder.add(b, "/etc/", "<include> b/app.conf:/etc/"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("/etc/app.conf is written twice")
          .hasMessageContaining("<include> a/app.conf:/etc/")
          .hasMessageContaining("<include> b/app.conf:/etc/");
    }

    @Test
    void fileAndDirectoryAtTheSamePathAreRejected() throws Exception {
      Path f = file("x", "x");
      Path d = dir("d");
      file("d/x/inner", "i");
      FileTreeBuilder builder = new FileTreeBuilder().add(f, "/x", "<include> x");
      assertThatThrownBy(() -> builder.add(d, "/", "<include> d/:/"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("/x is written twice")
          .hasMessageContaining("<include> x")
          .hasMessageContaining("<include> d/:/");
    }

    @Test
    void anEntryBelowAFileIsRejected() throws Exception {
      Path f = file("f", "x");
      FileTreeBuilder builder = new FileTreeBuilder().add(f, "/a", "<include> first").add(f, "/a/b", "<include> second");
      assertThatThrownBy(builder::build)
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("/a/b (from <include> second) needs /a to be a directory")
          .hasMessageContaining("<include> first");
    }

    @Test
    void aFileCannotBeTheRootItself() throws Exception {
      Path f = file("f", "x");
      assertThatThrownBy(() -> new FileTreeBuilder().addFile(f, "", "<include> f:root"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> f:root")
          .hasMessageContaining("image root");
    }
  }

  // ---------------------------------------------------------------- symlinks

  @Nested
  class Symlinks {

    @Test
    void symlinksInsideAnIncludedDirectoryAreStoredNotFollowed() throws Exception {
      Path outside = dir("outside");
      file("outside/secret.txt", "must not be packaged");
      Path app = dir("app");
      file("app/real.txt", "real");
      Files.createSymbolicLink(app.resolve("to-file"), Path.of("real.txt"));
      Files.createSymbolicLink(app.resolve("to-outside-abs"), outside); // absolute, to a directory outside
      Files.createSymbolicLink(app.resolve("to-outside-rel"), Path.of("../outside"));
      Files.createSymbolicLink(app.resolve("dangling"), Path.of("does/not/exist"));

      FileTree tree = new FileTreeBuilder().add(app, "/app", "<include> app/:/app").build();

      assertThat(paths(tree)).containsExactly(
          "app", "app/dangling", "app/real.txt", "app/to-file", "app/to-outside-abs", "app/to-outside-rel");
      Map<String, TreeEntry> m = byPath(tree);
      assertThat(m.get("app/to-file").kind()).isEqualTo(Kind.SYMLINK);
      assertThat(m.get("app/to-file").linkTarget()).isEqualTo("real.txt");
      assertThat(m.get("app/to-file").size()).isEqualTo(8);
      assertThat(m.get("app/to-file").mode()).isEqualTo(0777);
      assertThat(m.get("app/to-file").source()).isNull();
      assertThat(m.get("app/to-outside-abs").kind()).isEqualTo(Kind.SYMLINK);
      assertThat(m.get("app/to-outside-abs").linkTarget()).isEqualTo(outside.toString());
      assertThat(m.get("app/to-outside-rel").linkTarget()).isEqualTo("../outside");
      assertThat(m.get("app/dangling").linkTarget()).isEqualTo("does/not/exist");
      // nothing from the linked directory came in
      assertThat(paths(tree)).noneMatch(p -> p.contains("secret"));
      assertWellFormed(tree);
    }

    @Test
    void symlinkTargetSizeIsItsUtf8Length() throws Exception {
      Path app = dir("app");
      Files.createSymbolicLink(app.resolve("l"), Path.of("caf\u00e9"));
      TreeEntry e = byPath(new FileTreeBuilder().add(app, "/", "o").build()).get("l");
      assertThat(e.size()).isEqualTo(5);
    }

    @Test
    void anEntryBelowAStoredSymlinkIsRejected() throws Exception {
      Path base = dir("base");
      Files.createSymbolicLink(base.resolve("lib"), Path.of("/usr/lib"));
      Path so = file("extra.so", "elf");
      FileTreeBuilder builder = new FileTreeBuilder()
          .add(base, "/", "<include> base/:/")
          .add(so, "/lib/x86_64/", "<include> extra.so:/lib/x86_64/");
      assertThatThrownBy(builder::build)
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("/lib/x86_64/extra.so (from <include> extra.so:/lib/x86_64/)")
          .hasMessageContaining("through the symlink /lib -> /usr/lib (from <include> base/:/)")
          .hasMessageContaining("outside the image root");
    }

    @Test
    void aDirectoryIncludeBelowAStoredSymlinkIsRejected() throws Exception {
      Path base = dir("base");
      Files.createSymbolicLink(base.resolve("data"), Path.of("../elsewhere"));
      Path more = dir("more");
      file("more/file", "f");
      FileTreeBuilder builder = new FileTreeBuilder()
          .add(base, "/", "<include> base/:/")
          .add(more, "/data/more", "<include> more/:/data/more");
      assertThatThrownBy(builder::build)
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("symlink /data -> ../elsewhere");
    }

    @Test
    void aSymlinkGivenDirectlyAsAFileSourceIsFollowed() throws Exception {
      Path target = file("real.bin", "12345");
      chmod(target, "rwxr-xr-x");
      Path link = Files.createSymbolicLink(tmp.resolve("link.bin"), target);
      TreeEntry e = byPath(new FileTreeBuilder().add(link, "/bin/tool", "<include> link.bin").build()).get("bin/tool");
      assertThat(e.kind()).isEqualTo(Kind.FILE);
      assertThat(e.size()).isEqualTo(5);
      assertThat(e.mode()).isEqualTo(0755);
    }

    @Test
    void aSymlinkGivenDirectlyAsADirectorySourceIsFollowed() throws Exception {
      Path real = dir("real");
      file("real/sub/f.txt", "f");
      Path link = Files.createSymbolicLink(tmp.resolve("current"), real);

      FileTree atApp = new FileTreeBuilder().add(link, "/app", "<include> current:/app").build();
      assertThat(paths(atApp)).containsExactly("app", "app/sub", "app/sub/f.txt");
      assertThat(byPath(atApp).get("app").kind()).isEqualTo(Kind.DIRECTORY);

      FileTree atRoot = new FileTreeBuilder().add(link, "/", "<include> current:/").build();
      assertThat(paths(atRoot)).containsExactly("sub", "sub/f.txt");
    }
  }

  // ---------------------------------------------------------------- special files

  @Nested
  class SpecialFiles {

    @Test
    void aFifoInsideAnIncludedDirectoryIsRejected() throws Exception {
      assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")) || Files.isExecutable(Path.of("/bin/mkfifo")),
          "mkfifo not available");
      Path d = dir("d");
      file("d/ok.txt", "ok");
      Path fifo = d.resolve("pipe");
      Process p = start("mkfifo", fifo.toString());
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();

      assertThatThrownBy(() -> new FileTreeBuilder().add(d, "/d", "<include> d/:/d"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> d/:/d")
          .hasMessageContaining(fifo.toString())
          .hasMessageContaining("FIFO")
          .hasMessageContaining("cannot be packaged");

      // given directly as the source, too
      assertThatThrownBy(() -> new FileTreeBuilder().add(fifo, "/pipe", "<include> pipe"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> pipe")
          .hasMessageContaining("FIFO");
    }

    @Test
    void aSocketInsideAnIncludedDirectoryIsRejected() throws Exception {
      Path d = dir("s");
      Path sock = d.resolve("sock");
      try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.bind(UnixDomainSocketAddress.of(sock));
        assertThatThrownBy(() -> new FileTreeBuilder().add(d, "/s", "<include> s/:/s"))
            .isInstanceOf(TreeException.class)
            .hasMessageContaining(sock.toString())
            .hasMessageContaining("socket");
      }
    }

    @Test
    void aMissingSourceIsReported() throws Exception {
      Path missing = tmp.resolve("nope/missing.txt");
      assertThatThrownBy(() -> new FileTreeBuilder().add(missing, "/x", "<include> nope/missing.txt:/x"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("<include> nope/missing.txt:/x")
          .hasMessageContaining(missing.toString())
          .hasMessageContaining("does not exist");
      assertThatThrownBy(() -> new FileTreeBuilder().addFile(missing, "x", "<include> direct"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("does not exist");
      Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), Path.of("nowhere"));
      assertThatThrownBy(() -> new FileTreeBuilder().add(dangling, "/x", "<include> dangling"))
          .isInstanceOf(TreeException.class)
          .hasMessageContaining("does not exist");
    }

    @Test
    void hardLinksBecomeTwoIndependentFileEntries() throws Exception {
      Path a = file("h/a", "same");
      Files.createLink(tmp.resolve("h/b"), a);
      FileTree tree = new FileTreeBuilder().add(tmp.resolve("h"), "/h", "<include> h/:/h").build();
      Map<String, TreeEntry> m = byPath(tree);
      assertThat(m.get("h/a").kind()).isEqualTo(Kind.FILE);
      assertThat(m.get("h/b").kind()).isEqualTo(Kind.FILE);
      assertThat(m.get("h/a").size()).isEqualTo(4);
      assertThat(m.get("h/b").size()).isEqualTo(4);
      assertThat(m.get("h/b").source()).isEqualTo(tmp.resolve("h/b"));
    }

    @Test
    void backslashesInFileNamesAreKeptVerbatim() throws Exception {
      assumeTrue(java.io.File.separatorChar == '/', "backslash is a separator on this OS");
      Path inc = dir("inc");
      Files.writeString(inc.resolve("..\\evil"), "x");
      Files.writeString(inc.resolve("a\\b"), "y");
      FileTree tree = new FileTreeBuilder().add(inc, "/sub", "<include> inc/:/sub").build();
      assertThat(paths(tree)).containsExactly("sub", "sub/..\\evil", "sub/a\\b");
      assertThat(byPath(tree).get("sub/a\\b").kind()).isEqualTo(Kind.FILE);
      assertWellFormed(tree);
    }
  }

  // ---------------------------------------------------------------- modes and order

  @Nested
  class ModesAndOrder {

    @Test
    void groupAndOtherWriteBitsAreCleared() throws Exception {
      Path d = dir("m");
      chmod(d, "rwxrwxrwx");
      chmod(file("m/shared", "x"), "rw-rw-rw-");
      chmod(file("m/exec", "x"), "rwxrwxrwx");
      chmod(file("m/private", "x"), "rw-------");
      chmod(file("m/group", "x"), "rw-r-----");
      chmod(file("m/readonly", "x"), "r--r--r--");
      FileTree tree = new FileTreeBuilder().add(d, "/m", "<include> m/:/m").build();
      Map<String, TreeEntry> m = byPath(tree);
      assertThat(m.get("m").mode()).isEqualTo(0755);
      assertThat(m.get("m/shared").mode()).isEqualTo(0644);
      assertThat(m.get("m/exec").mode()).isEqualTo(0755);
      assertThat(m.get("m/private").mode()).isEqualTo(0600);
      assertThat(m.get("m/group").mode()).isEqualTo(0640);
      assertThat(m.get("m/readonly").mode()).isEqualTo(0444);

      // also for a file included on its own
      TreeEntry single = byPath(new FileTreeBuilder().add(tmp.resolve("m/shared"), "/s", "o").build()).get("s");
      assertThat(single.mode()).isEqualTo(0644);
    }

    @Test
    void aForcedModeAppliesToFilesAndDirectoriesButNotSymlinksOrMissingParents() throws Exception {
      Path d = dir("forced");
      chmod(file("forced/run.sh", "x"), "rwxr-xr-x");
      file("forced/sub/data", "y");
      Files.createSymbolicLink(d.resolve("link"), Path.of("run.sh"));
      Path other = file("plain", "z");
      FileTree tree = new FileTreeBuilder()
          .add(d, "/opt/app", 0700, "<copy --chmod=700> forced/")
          .add(other, "/opt/plain", "<copy> plain")
          .build();
      Map<String, TreeEntry> m = byPath(tree);
      assertThat(m.get("opt/app").mode()).isEqualTo(0700);
      assertThat(m.get("opt/app/run.sh").mode()).isEqualTo(0700);
      assertThat(m.get("opt/app/sub").mode()).isEqualTo(0700);
      assertThat(m.get("opt/app/sub/data").mode()).isEqualTo(0700);
      assertThat(m.get("opt/app/link").mode()).isEqualTo(0777);
      assertThat(m.get("opt/app/link").kind()).isEqualTo(Kind.SYMLINK);
      // the synthesized parent and a later add without a forced mode are unaffected
      assertThat(m.get("opt").mode()).isEqualTo(0755);
      assertThat(m.get("opt/plain").mode()).isEqualTo(0644);
    }

    @Test
    void orderIsParentsFirstAndSortedComponentByComponent() throws Exception {
      Path d = dir("o");
      file("o/a.txt", "1");
      file("o/a-b", "2");
      file("o/a/b", "3");
      file("o/a/b-c/z", "4");
      file("o/a/b.c", "5");
      file("o/B", "6");
      file("o/\u00e9", "7");
      FileTree tree = new FileTreeBuilder().add(d, "/", "<include> o/:/").build();

      // '-' (0x2d) < '.' (0x2e) < '/' (0x2f): a plain string sort would put "a/b" after "a.txt"
      assertThat(paths(tree)).containsExactly(
          "B", "a", "a/b", "a/b-c", "a/b-c/z", "a/b.c", "a-b", "a.txt", "\u00e9");
      List<String> plainSort = new ArrayList<>(paths(tree));
      plainSort.sort(String::compareTo);
      assertThat(plainSort).isNotEqualTo(paths(tree));
      assertWellFormed(tree);
    }

    @Test
    void orderDoesNotDependOnIncludeOrder() throws Exception {
      Path x = file("x/f", "x");
      Path y = dir("y");
      file("y/z/g", "g");
      FileTree one = new FileTreeBuilder().add(x, "/b/f", "o1").add(y, "/a", "o2").build();
      FileTree two = new FileTreeBuilder().add(y, "/a", "o2").add(x, "/b/f", "o1").build();
      assertThat(paths(one)).isEqualTo(paths(two)).containsExactly("a", "a/z", "a/z/g", "b", "b/f");
    }

    @Test
    void contentBytesSumsFileSizesOnly() throws Exception {
      Path d = dir("c");
      file("c/a", "12345");
      file("c/sub/b", "123");
      Files.createSymbolicLink(d.resolve("l"), Path.of("a-long-target"));
      assertThat(new FileTreeBuilder().add(d, "/", "o").build().contentBytes()).isEqualTo(8);
    }
  }
}
