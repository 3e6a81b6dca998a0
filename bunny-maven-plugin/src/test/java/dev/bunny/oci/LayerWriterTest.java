package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

  private static final long MTIME = 1_700_000_000L;
  private static final String LONG_NAME = "deep/" + "d".repeat(60) + "/" + "f".repeat(70) + ".txt"; // > 100 bytes
  private static final String UTF8_NAME = "caf\u00e9-\u00fc.txt";

  @TempDir Path tmp;

  private Path src;
  private FileTree tree;

  /**
   * src/
   *   .boot/kernel        0755, 2 MiB + 3 pseudo-random bytes (crosses the 1 MiB buffer)
   *   urunc.json          0644
   *   etc/link -> ../urunc.json
   *   deep/ddd../fff...txt   (a name longer than the 100 bytes of a ustar name field)
   *   café-ü.txt          (a non-ASCII name, when the JVM can create one)
   */
  @BeforeEach
  void createSources() throws Exception {
    src = Files.createDirectories(tmp.resolve("src"));
    Path boot = Files.createDirectories(src.resolve(".boot"));
    byte[] kernel = new byte[2 * 1024 * 1024 + 3];
    new Random(42).nextBytes(kernel);
    Files.write(boot.resolve("kernel"), kernel);
    Files.setPosixFilePermissions(boot.resolve("kernel"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(src.resolve("urunc.json"), "{\"a\":\"b\"}");
    Files.setPosixFilePermissions(src.resolve("urunc.json"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(src.resolve("etc"));
    Files.createSymbolicLink(src.resolve("etc/link"), Path.of("../urunc.json"));
    Path longFile = src.resolve(LONG_NAME);
    Files.createDirectories(longFile.getParent());
    Files.writeString(longFile, "long\n");
    if (utf8FileNames()) {
      Files.writeString(src.resolve(UTF8_NAME), "caf\u00e9\n");
    }
    try (var all = Files.walk(src)) { // modes independent of the umask
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !p.endsWith("kernel")) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
    tree = new FileTreeBuilder().add(src, "/", "<include> src/:/").build();
  }

  private static boolean utf8FileNames() {
    return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
  }

  @Test
  void writingTwiceGivesTheSameBytesAndDigests() throws Exception {
    Layer a = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("a.tar.gz"), "test");
    Layer b = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("b.tar.gz"), "test");

    assertThat(Files.mismatch(a.file(), b.file())).isEqualTo(-1L);
    assertThat(a.descriptor()).isEqualTo(b.descriptor());
    assertThat(a.diffId()).isEqualTo(b.diffId());
    assertThat(a.descriptor().mediaType()).isEqualTo(MediaTypes.LAYER_TAR_GZIP);
    assertThat(a.descriptor().size()).isEqualTo(Files.size(a.file()));
    assertThat(a.descriptor().digest()).isEqualTo(Digest.of(Files.readAllBytes(a.file())));
    assertThat(a.createdBy()).isEqualTo("test");
  }

  /**
   * The uncompressed tar is ours and commons-compress's alone (no zlib involved), so its digest is
   * pinned: if it moves, every image digest moves, e.g. after a commons-compress upgrade.
   */
  @Test
  void uncompressedTarDigestIsPinned() throws Exception {
    Files.deleteIfExists(src.resolve(UTF8_NAME)); // depends on the JVM's file name charset
    FileTree pinned = new FileTreeBuilder().add(src, "/", "<include> src/:/").build();
    Layer layer = LayerWriter.write(pinned, MTIME, Compression.NONE, tmp.resolve("p.tar"), null);
    assertThat(layer.diffId().hex()).isEqualTo("8d3377c95673586e80167c8e1b0eb306864cf085bc70b99a75dba8c53aa60cae");
  }

  @Test
  void diffIdIsTheDigestOfTheUncompressedTar() throws Exception {
    Layer gz = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("l.tar.gz"), null);
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.file()))) {
      tar = in.readAllBytes();
    }
    assertThat(gz.diffId()).isEqualTo(Digest.of(tar));

    Layer plain = LayerWriter.write(tree, MTIME, Compression.NONE, tmp.resolve("l.tar"), null);
    assertThat(plain.descriptor().mediaType()).isEqualTo(MediaTypes.LAYER_TAR);
    assertThat(Files.readAllBytes(plain.file())).isEqualTo(tar);
    assertThat(plain.descriptor().digest()).isEqualTo(gz.diffId()).isEqualTo(plain.diffId());
  }

  @Test
  void gzipHeaderIsFixedAndGzipAcceptsTheStream() throws Exception {
    Layer gz = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("l.tar.gz"), null);
    byte[] head = Arrays.copyOf(Files.readAllBytes(gz.file()), 10);
    // magic, deflate, no flags (no name, no extra), mtime 0, xfl 0, OS 255: whatever JDK built it
    assertThat(head).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);

    Tools.assumeTool("/usr/bin/gzip");
    Tools.Result r = Tools.run(tmp, "/usr/bin/gzip", "-t", "-v", gz.file().toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void zstdLayersHaveTheZstdMediaTypeTheSameDiffIdAndGnuTarReadsThem() throws Exception {
    Layer zst = LayerWriter.write(tree, MTIME, Compression.ZSTD, tmp.resolve("l.tar.zst"), null);
    Layer again = LayerWriter.write(tree, MTIME, Compression.ZSTD, tmp.resolve("m.tar.zst"), null);
    Layer plain = LayerWriter.write(tree, MTIME, Compression.NONE, tmp.resolve("l.tar"), null);
    assertThat(zst.descriptor().mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(zst.diffId()).isEqualTo(plain.diffId());
    assertThat(again.descriptor()).isEqualTo(zst.descriptor());
    assertThat(Files.readAllBytes(again.file())).isEqualTo(Files.readAllBytes(zst.file()));

    Tools.assumeTool(Tools.GNU_TAR);
    Tools.assumeTool(ZstdStreamsTest.ZSTD);
    Tools.Result gnu = Tools.run(tmp, Tools.GNU_TAR, "--list", "--zstd", "-f", zst.file().toString());
    assertThat(gnu.exitCode()).as(gnu.toString()).isZero();
    assertThat(gnu.out()).contains(".boot/kernel").contains(LONG_NAME);
  }

  @Test
  void digestsDoNotDependOnTheTimeZone() throws Exception {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      Layer utc = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("utc.tar.gz"), null);
      TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // UTC-3:30, with DST
      Layer newfoundland = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("nf.tar.gz"), null);
      assertThat(newfoundland.descriptor().digest()).isEqualTo(utc.descriptor().digest());
      assertThat(newfoundland.diffId()).isEqualTo(utc.diffId());
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void theBuildUsersNameNeverLeaksIntoHeaders() throws Exception {
    String original = System.getProperty("user.name");
    Layer layer;
    try {
      System.setProperty("user.name", "leaky-builder");
      layer = LayerWriter.write(tree, MTIME, Compression.NONE, tmp.resolve("l.tar"), null);
    } finally {
      System.setProperty("user.name", original);
    }
    byte[] tar = Files.readAllBytes(layer.file());
    assertThat(new String(tar, StandardCharsets.ISO_8859_1)).doesNotContain("leaky-builder");
  }

  @Test
  void entriesHaveFixedOwnersTimesAndModesAndNoPaxTimes() throws Exception {
    Layer layer = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("l.tar.gz"), null);
    List<RawTar.Header> headers;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layer.file()))) {
      headers = RawTar.read(in);
    }
    List<String> names = new ArrayList<>();
    for (RawTar.Header h : headers) {
      // every header, PAX ones included: 0:0, empty owner names, the one mtime, ustar format
      assertThat(h.uid()).as(h.name()).isZero();
      assertThat(h.gid()).as(h.name()).isZero();
      assertThat(h.userName()).as(h.name()).isEmpty();
      assertThat(h.groupName()).as(h.name()).isEmpty();
      assertThat(h.mtime()).as(h.name()).isEqualTo(MTIME);
      assertThat(h.magic()).isEqualTo("ustar");
      assertThat(h.version()).isEqualTo("00");
      assertThat(h.pax().keySet()).as(h.name()).doesNotContain("mtime", "atime", "ctime", "LIBARCHIVE.creationtime");
      assertThat(h.pax().keySet()).as(h.name()).isSubsetOf("path", "linkpath", "size");
      if (h.type() != 'x') {
        names.add(h.pax().getOrDefault("path", h.name()));
      }
    }
    List<String> expected = new ArrayList<>(List.of(".boot/", ".boot/kernel"));
    if (utf8FileNames()) {
      expected.add(UTF8_NAME);
    }
    expected.addAll(List.of("deep/", "deep/" + "d".repeat(60) + "/", LONG_NAME, "etc/", "etc/link", "urunc.json"));
    assertThat(names).containsExactlyElementsOf(expected);

    RawTar.Header kernel = entry(headers, ".boot/kernel");
    assertThat(kernel.type()).isEqualTo('0');
    assertThat(kernel.mode()).isEqualTo(0100755);
    assertThat(kernel.size()).isEqualTo(2 * 1024 * 1024 + 3);
    assertThat(entry(headers, "urunc.json").mode()).isEqualTo(0100644);
    RawTar.Header dir = entry(headers, ".boot/");
    assertThat(dir.type()).isEqualTo('5');
    assertThat(dir.mode() & 0170000).isEqualTo(0040000);
    RawTar.Header link = entry(headers, "etc/link");
    assertThat(link.type()).isEqualTo('2');
    assertThat(link.linkName()).isEqualTo("../urunc.json");
    assertThat(link.mode()).isEqualTo(0120777);
    assertThat(entry(headers, LONG_NAME).pax()).containsEntry("path", LONG_NAME);
  }

  @Test
  void contentRoundTripsThroughCommonsCompress() throws Exception {
    Layer layer = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("l.tar.gz"), null);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GZIPInputStream(Files.newInputStream(layer.file())), "UTF-8")) {
      TarArchiveEntry e;
      int files = 0;
      while ((e = tar.getNextEntry()) != null) {
        assertThat(e.getLastModifiedTime().toInstant().getEpochSecond()).isEqualTo(MTIME);
        assertThat(e.getLastAccessTime()).as(e.getName()).isNull();
        assertThat(e.getStatusChangeTime()).as(e.getName()).isNull();
        if (e.isFile() && !e.isSymbolicLink()) {
          files++;
          assertThat(tar.readAllBytes()).as(e.getName()).isEqualTo(Files.readAllBytes(src.resolve(e.getName())));
        }
      }
      assertThat(files).isEqualTo(utf8FileNames() ? 4 : 3);
    }
  }

  @Test
  void bsdtarAndGnuTarListTheEntries() throws Exception {
    Layer layer = LayerWriter.write(tree, MTIME, Compression.GZIP, tmp.resolve("l.tar.gz"), null);

    Tools.assumeTool(Tools.GNU_TAR);
    Tools.Result gnu = Tools.run(tmp, Tools.GNU_TAR, "--list", "--verbose", "--full-time", "--numeric-owner", "-zf",
        layer.file().toString());
    assertThat(gnu.exitCode()).as(gnu.toString()).isZero();
    assertThat(gnu.stderr()).isEmpty(); // no "unknown extended header keyword" warnings
    assertThat(gnu.out())
        .contains("-rwxr-xr-x 0/0         2097155 2023-11-14 22:13:20 .boot/kernel")
        .contains("lrwxrwxrwx 0/0               0 2023-11-14 22:13:20 etc/link -> ../urunc.json")
        .contains(LONG_NAME);

    Tools.assumeTool(Tools.BSDTAR);
    Tools.Result bsd = Tools.run(tmp, Tools.BSDTAR, "-tvf", layer.file().toString());
    assertThat(bsd.exitCode()).as(bsd.toString()).isZero();
    assertThat(bsd.out()).contains(".boot/kernel").contains("etc/link -> ../urunc.json").contains(LONG_NAME);
    assertThat(bsd.out().lines()).allSatisfy(line -> assertThat(line).contains(" 0 0 "));
  }

  @Test
  void aFileThatGrewSinceTheTreeWasBuiltFailsNamingIt() throws Exception {
    Files.writeString(src.resolve("urunc.json"), "more", StandardOpenOption.APPEND);
    Path out = tmp.resolve("l.tar.gz");
    assertThatThrownBy(() -> LayerWriter.write(tree, MTIME, Compression.GZIP, out, null))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(src.resolve("urunc.json").toString())
        .hasMessageContaining("grew");
    assertThat(out).doesNotExist();
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("src"); // no temp file left
    }
  }

  @Test
  void aFileThatShrankFailsNamingIt() throws Exception {
    Files.writeString(src.resolve(".boot/kernel"), "tiny");
    assertThatThrownBy(() -> LayerWriter.write(tree, MTIME, Compression.NONE, tmp.resolve("l.tar"), null))
        .hasMessageContaining(src.resolve(".boot/kernel").toString())
        .hasMessageContaining("shrank");
  }

  @Test
  void anEmptyTreeIsAValidEmptyTar() throws Exception {
    Layer layer = LayerWriter.write(FileTree.empty(), 0, Compression.NONE, tmp.resolve("e.tar"), null);
    assertThat(Files.readAllBytes(layer.file())).hasSize(1024).containsOnly(0);
  }

  @Test
  void timesATarHeaderCannotHoldAreRejected() {
    assertThatThrownBy(() -> LayerWriter.write(tree, -1, Compression.NONE, tmp.resolve("x.tar"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  /** Files over 8 GiB: the size goes into a PAX record instead of failing (header only, no 8 GiB write). */
  @Test
  void hugeFileSizesUsePaxSizeRecords() throws Exception {
    long nineGiB = 9L << 30;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    TarArchiveOutputStream tar = TarHeaders.open(sink);
    tar.putArchiveEntry(TarHeaders.file("huge.img", 0644, nineGiB, MTIME));
    tar.flush();
    List<RawTar.Header> headers = RawTar.read(new java.io.ByteArrayInputStream(sink.toByteArray()), false);
    RawTar.Header huge = headers.get(headers.size() - 1);
    assertThat(huge.pax()).containsOnly(java.util.Map.entry("size", Long.toString(nineGiB)));
    assertThat(huge.size()).isEqualTo(nineGiB);
    assertThat(huge.mtime()).isEqualTo(MTIME);
  }

  private static RawTar.Header entry(List<RawTar.Header> headers, String name) {
    return headers.stream()
        .filter(h -> h.type() != 'x' && h.pax().getOrDefault("path", h.name()).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + name));
  }
}
