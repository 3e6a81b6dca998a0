package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import dev.bunny.fs.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesystemTest {

  @TempDir Path tmp;

  private LayerFixture layers() {
    return new LayerFixture(tmp);
  }

  /** path -> "kind mode content-or-target" for each entry a copy yields. */
  private Map<String, String> listing(List<TreeEntry> entries) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (TreeEntry e : entries) {
      String what = switch (e.kind()) {
        case DIRECTORY -> "d " + Integer.toOctalString(e.mode());
        case FILE -> "f " + Integer.toOctalString(e.mode()) + " " + Files.readString(e.source());
        case SYMLINK -> "l " + e.linkTarget();
      };
      out.put(e.path(), what);
    }
    return out;
  }

  @Test
  void laterLayersReplaceFilesAndWhiteoutsDeleteThem() throws Exception {
    SourceImage image = layers()
        .layer().dir("etc", 0755).file("etc/a.conf", 0644, "one").file("etc/b.conf", 0600, "bee").dir("var/lib", 0700)
        .file("var/lib/x", 0644, "x")
        .layer().file("etc/a.conf", 0640, "two").whiteout("etc/.wh.b.conf").whiteout("var/.wh.lib")
        .image("test/image");
    ImageFilesystem fs = ImageFilesystem.scan(image);

    Map<String, String> all = listing(fs.copy("/", "", true, "test", tmp.resolve("c")));

    assertThat(all).containsExactly(
        Map.entry("etc", "d 755"),
        Map.entry("etc/a.conf", "f 640 two"));
  }

  @Test
  void anOpaqueDirectoryHidesOnlyLowerLayers() throws Exception {
    SourceImage image = layers()
        .layer().dir("data", 0755).file("data/old", 0644, "old").file("keep", 0644, "k")
        .layer().file("data/new", 0644, "new").file("data/.wh..wh..opq", 0644, "")
        .image("test/image");

    Map<String, String> all = listing(ImageFilesystem.scan(image).copy("/", "", true, "test", tmp.resolve("c")));

    assertThat(all).containsOnlyKeys("data", "data/new", "keep");
  }

  @Test
  void aDirectoryCopyIsReRootedAtTheDestinationAndKeepsModesAndLinks() throws Exception {
    SourceImage image = layers()
        .layer().dir("opt/app", 0750).file("opt/app/run.sh", 0755, "#!/bin/sh").symlink("opt/app/current", "/opt/app/run.sh")
        .dir("opt/app/conf", 0700).file("opt/app/conf/c", 0400, "secret").file("other", 0644, "no")
        .image("test/image");

    Map<String, String> copied = listing(ImageFilesystem.scan(image).copy("/opt/app", "srv", false, "test", tmp.resolve("c")));

    assertThat(copied).containsExactly(
        Map.entry("srv", "d 750"),
        Map.entry("srv/conf", "d 700"),
        Map.entry("srv/conf/c", "f 400 secret"),
        Map.entry("srv/current", "l /opt/app/run.sh"),
        Map.entry("srv/run.sh", "f 755 #!/bin/sh"));
  }

  @Test
  void aFileCopiedIntoADirectoryKeepsTheNameItWasAskedBy() throws Exception {
    SourceImage image = layers()
        .layer().file("bin/busybox", 0755, "BB").symlink("bin/sh", "busybox")
        .image("test/image");
    ImageFilesystem fs = ImageFilesystem.scan(image);

    assertThat(listing(fs.copy("/bin/sh", "tools", true, "test", tmp.resolve("c"))))
        .containsExactly(Map.entry("tools/sh", "f 755 BB"));
    assertThat(listing(fs.copy("/bin/sh", "x/shell", false, "test", tmp.resolve("c"))))
        .containsExactly(Map.entry("x/shell", "f 755 BB"));
  }

  @Test
  void symlinksResolveInsideTheImageRootNeverOnTheHost() throws Exception {
    SourceImage image = layers()
        .layer().dir("usr/lib", 0755).file("usr/lib/k", 0644, "kernel").symlink("lib", "usr/lib")
        .symlink("escape", "../../../../etc").symlink("up", "../../..").symlink("abs", "/usr/lib/k").symlink("loop", "loop")
        .image("test/image");
    ImageFilesystem fs = ImageFilesystem.scan(image);

    assertThat(fs.resolve("/lib/k")).isEqualTo("usr/lib/k");
    assertThat(fs.resolve("/abs")).isEqualTo("usr/lib/k");
    assertThat(fs.resolve("/escape/passwd")).isNull(); // ".." stops at the image root, which has no etc
    assertThat(fs.resolve("/up")).isEmpty(); // the root itself
    assertThat(fs.resolve("/up/usr/lib/k")).isEqualTo("usr/lib/k");
    BuildFailure loop = assertThrows(BuildFailure.class, () -> fs.resolve("/loop"));
    assertThat(loop.getMessage()).contains("more than 40 symlinks");
  }

  @Test
  void extractFileFollowsLinksAndNamesWhatIsMissing() throws Exception {
    SourceImage image = layers()
        .layer().dir("unikraft/bin", 0755).file("unikraft/bin/kernel", 0755, "ELF").symlink("kernel", "unikraft/bin/kernel")
        .image("unikraft.org/nginx:1.15");
    ImageFilesystem fs = ImageFilesystem.scan(image);

    Path out = tmp.resolve("k");
    fs.extractFile("/kernel", out, "kernel.path");
    assertThat(out).hasContent("ELF");

    BuildFailure missing = assertThrows(BuildFailure.class,
        () -> fs.extractFile("/unikraft/bin/kernel.dbg", tmp.resolve("k2"), "kernel.path"));
    assertThat(missing.getMessage()).isEqualTo("kernel.path: the image unikraft.org/nginx:1.15 has no file at"
        + " /unikraft/bin/kernel.dbg; check the path (/unikraft/bin holds: kernel)");
    BuildFailure dir = assertThrows(BuildFailure.class, () -> fs.extractFile("/unikraft", tmp.resolve("k3"), "kernel.path"));
    assertThat(dir.getMessage()).startsWith("kernel.path: the image unikraft.org/nginx:1.15 has a directory at /unikraft;");
  }

  @Test
  void hardLinksBecomeCopiesAndDevicesAreLeftOutAndReported() throws Exception {
    SourceImage image = layers()
        .layer().file("bin/busybox", 0755, "BB").hardlink("bin/ls", "bin/busybox").device("dev/console")
        .hardlink("bin/dangling", "nowhere")
        .image("test/image");
    ImageFilesystem fs = ImageFilesystem.scan(image);

    assertThat(listing(fs.copy("/bin", "bin", false, "test", tmp.resolve("c"))))
        .containsEntry("bin/ls", "f 755 BB").containsEntry("bin/busybox", "f 755 BB").doesNotContainKey("bin/dangling");
    assertThat(fs.skipped()).containsExactly("/dev/console (a device node, FIFO or socket)",
        "/bin/dangling (a hard link to nowhere, which is not a file)");
  }

  @Test
  void anEntryLeavingTheRootRefusesTheWholeImage() throws Exception {
    SourceImage image = layers().layer().file("ok", 0644, "x").file("../../etc/evil", 0644, "x").image("evil/image");

    BuildFailure e = assertThrows(BuildFailure.class, () -> ImageFilesystem.scan(image));

    assertThat(e.getMessage()).isEqualTo("layer 1 of the image evil/image has the entry '../../etc/evil', which leaves"
        + " the image root; the image is malformed or hostile, so it is not used");
  }

  @Test
  void aFileReplacingADirectoryRemovesEverythingBelowIt() throws Exception {
    SourceImage image = layers()
        .layer().dir("a", 0755).file("a/b", 0644, "b")
        .layer().file("a", 0644, "now a file")
        .image("test/image");

    assertThat(listing(ImageFilesystem.scan(image).copy("/", "", true, "test", tmp.resolve("c"))))
        .containsExactly(Map.entry("a", "f 644 now a file"));
  }

  @Test
  void aLayerEndingRightAfterItsLastFileIsReadToTheEnd() throws Exception {
    SourceImage image = layers().layer().dir("bin", 0755).file("bin/k", 0755, "kernel!").withoutTrailer(7)
        .image("umoci/style");

    assertThat(listing(ImageFilesystem.scan(image).copy("/", "", true, "test", tmp.resolve("c"))))
        .containsExactly(Map.entry("bin", "d 755"), Map.entry("bin/k", "f 755 kernel!"));
  }
}
