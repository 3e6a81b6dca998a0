package dev.bunny.cpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.cpio.NewcParser.Record;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.fs.TreeException;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewcWriterTest {

  private static final long MTIME = 1_700_000_000L; // 2023-11-14T22:13:20Z
  private static final String ORIGIN = "<include> src/:/";

  @TempDir Path tmp;

  // ---------------------------------------------------------------- helpers

  /** src/etc/ (0755), src/etc/hello.txt (0644, "hello, initrd\n"), src/etc/motd -> hello.txt */
  private Path smallSource() throws IOException {
    Path src = tmp.resolve("src");
    Path etc = Files.createDirectories(src.resolve("etc"));
    Path hello = Files.writeString(etc.resolve("hello.txt"), "hello, initrd\n");
    Files.createSymbolicLink(etc.resolve("motd"), Path.of("hello.txt"));
    Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(hello, PosixFilePermissions.fromString("rw-r--r--"));
    return src;
  }

  private static FileTree treeOf(Path src) throws TreeException {
    return new FileTreeBuilder().add(src, "/", ORIGIN).build();
  }

  private static byte[] write(FileTree tree, long mtime) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.write(tree, mtime, out);
    return out.toByteArray();
  }

  /** An independent encoder of one newc member, to compare the writer's output against. */
  private static void member(ByteArrayOutputStream out, long ino, long mode, long nlink, long mtime, String name,
      byte[] data) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder("070701");
    for (long v : new long[] {ino, mode, 0, 0, nlink, mtime, data.length, 0, 0, 0, 0, n.length + 1, 0}) {
      h.append(String.format("%08x", v));
    }
    out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(n);
    out.write(0);
    while (out.size() % 4 != 0) {
      out.write(0);
    }
    out.writeBytes(data);
    while (out.size() % 4 != 0) {
      out.write(0);
    }
  }

  /** A copy with the c_mtime field (offset 46, 8 digits) of every header blanked. */
  private static byte[] withoutMtimes(byte[] archive) {
    byte[] copy = archive.clone();
    for (Record r : NewcParser.parse(archive)) {
      java.util.Arrays.fill(copy, r.headerOffset() + 46, r.headerOffset() + 54, (byte) '-');
    }
    return copy;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Path sparse(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size); // a hole: costs no disk space
    }
    return file;
  }

  private static List<Path> listDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  // ---------------------------------------------------------------- format

  @Test
  void smallTreeIsByteExact() throws Exception {
    byte[] archive = write(treeOf(smallSource()), MTIME);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    member(expected, 1, 0040755, 2, MTIME, "etc", new byte[0]);
    member(expected, 2, 0100644, 1, MTIME, "etc/hello.txt", utf8("hello, initrd\n"));
    member(expected, 3, 0120777, 1, MTIME, "etc/motd", utf8("hello.txt"));
    member(expected, 0, 0, 1, 0, "TRAILER!!!", new byte[0]);
    assertThat(archive).isEqualTo(expected.toByteArray());

    // The same, field by field, with the strict parser.
    List<Record> all = NewcParser.parse(archive);
    assertThat(all).extracting(Record::name).containsExactly("etc", "etc/hello.txt", "etc/motd", "TRAILER!!!");

    Record dir = all.get(0);
    assertThat(dir.headerOffset()).isZero();
    assertThat(dir.ino()).isEqualTo(1);
    assertThat(dir.mode()).isEqualTo(0040755);
    assertThat(dir.nlink()).isEqualTo(2);
    assertThat(dir.filesize()).isZero();
    assertThat(dir.namesize()).isEqualTo(4); // "etc" + NUL
    // 110 + 4 = 114 -> 2 bytes of name padding, no data
    assertThat(all.get(1).headerOffset()).isEqualTo(116);

    Record file = all.get(1);
    assertThat(file.ino()).isEqualTo(2);
    assertThat(file.mode()).isEqualTo(0100644);
    assertThat(file.nlink()).isEqualTo(1);
    assertThat(file.filesize()).isEqualTo(14);
    assertThat(file.namesize()).isEqualTo(14);
    assertThat(file.dataAsString()).isEqualTo("hello, initrd\n");
    // 116 + 110 + 14 = 240 (aligned) + 14 data = 254 -> 2 bytes of data padding
    assertThat(all.get(2).headerOffset()).isEqualTo(256);

    Record link = all.get(2);
    assertThat(link.ino()).isEqualTo(3);
    assertThat(link.mode()).isEqualTo(0120777);
    assertThat(link.nlink()).isEqualTo(1);
    assertThat(link.filesize()).isEqualTo(9);
    assertThat(link.data()).isEqualTo(utf8("hello.txt")); // no NUL
    // 256 + 110 + 9 = 375 -> 376, + 9 = 385 -> 388
    assertThat(all.get(3).headerOffset()).isEqualTo(388);

    for (Record r : all.subList(0, 3)) {
      assertThat(r.uid()).isZero();
      assertThat(r.gid()).isZero();
      assertThat(r.mtime()).isEqualTo(MTIME);
      assertThat(r.devmajor()).isZero();
      assertThat(r.devminor()).isZero();
      assertThat(r.rdevmajor()).isZero();
      assertThat(r.rdevminor()).isZero();
      assertThat(r.check()).isZero();
    }

    Record trailer = all.get(3);
    assertThat(trailer.ino()).isZero();
    assertThat(trailer.mode()).isZero();
    assertThat(trailer.nlink()).isEqualTo(1);
    assertThat(trailer.filesize()).isZero();
    assertThat(trailer.namesize()).isEqualTo(11);
    assertThat(trailer.mtime()).isZero();
    // 388 + 110 + 11 = 509 -> 512: padded to 4 only, nothing after the trailer
    assertThat(archive).hasSize(512);
  }

  @Test
  void emptyTreeIsJustTheTrailer() throws Exception {
    byte[] archive = write(FileTree.empty(), MTIME);
    assertThat(NewcParser.parse(archive)).extracting(Record::name).containsExactly("TRAILER!!!");
    assertThat(archive).hasSize(124); // 110 + 11 -> 124
  }

  @Test
  void inodesAreSequentialUniqueAndNeverHardLinks() throws Exception {
    Path src = smallSource();
    Files.createLink(src.resolve("etc/hard"), src.resolve("etc/hello.txt"));
    Files.createDirectories(src.resolve("etc/sub/deeper"));
    List<Record> entries = NewcParser.entries(write(treeOf(src), MTIME));

    assertThat(entries).extracting(Record::ino).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(entries).extracting(Record::name)
        .containsExactly("etc", "etc/hard", "etc/hello.txt", "etc/motd", "etc/sub", "etc/sub/deeper");
    // The hard-linked pair are two full copies with nlink 1.
    assertThat(entries.get(1).nlink()).isEqualTo(1);
    assertThat(entries.get(2).nlink()).isEqualTo(1);
    assertThat(entries.get(1).data()).isEqualTo(entries.get(2).data()).isEqualTo(utf8("hello, initrd\n"));
    assertThat(entries.get(5).nlink()).isEqualTo(2);
  }

  @Test
  void fileContentsLargerThanTheCopyBufferAreCopiedExactly() throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 7];
    new Random(42).nextBytes(content);
    Path src = Files.createDirectories(tmp.resolve("big"));
    Files.write(src.resolve("blob"), content);
    List<Record> entries = NewcParser.entries(write(treeOf(src), MTIME));
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).filesize()).isEqualTo(content.length);
    assertThat(entries.get(0).data()).isEqualTo(content);
  }

  @Test
  void writeDoesNotCloseTheCallersStream() throws Exception {
    boolean[] closed = {false};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FilterOutputStream out = new FilterOutputStream(sink) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    NewcWriter.write(treeOf(smallSource()), MTIME, out);
    assertThat(closed[0]).isFalse();
    // everything was flushed through to the caller's stream
    assertThat(sink.toByteArray()).hasSize(512);
  }

  // ---------------------------------------------------------------- determinism

  @Test
  void sameTreeGivesSameBytesWhateverTheFilesTimes() throws Exception {
    Path src = smallSource();
    byte[] first = write(treeOf(src), MTIME);
    byte[] again = write(treeOf(src), MTIME);
    assertThat(again).isEqualTo(first);

    // Touching the sources (as a fresh checkout does) changes nothing.
    Files.setLastModifiedTime(src.resolve("etc/hello.txt"), FileTime.fromMillis(123_456_789_000L));
    Files.setLastModifiedTime(src.resolve("etc"), FileTime.fromMillis(987_654_321_000L));
    assertThat(write(treeOf(src), MTIME)).isEqualTo(first);

    for (Record r : NewcParser.entries(first)) {
      assertThat(r.mtime()).as(r.name()).isEqualTo(MTIME);
    }
  }

  @Test
  void theGivenMtimeIsWrittenExactly() throws Exception {
    FileTree tree = treeOf(smallSource());
    for (long mtime : new long[] {0L, 1L, 315_532_800L, NewcWriter.MAX_MTIME}) {
      byte[] archive = write(tree, mtime);
      for (Record r : NewcParser.entries(archive)) {
        assertThat(r.mtime()).as(r.name() + " at " + mtime).isEqualTo(mtime);
      }
      // Only the mtime fields differ between two timestamps.
      assertThat(withoutMtimes(write(tree, MTIME))).isEqualTo(withoutMtimes(archive));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {-1L, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE})
  void mtimeOutsideTheFieldIsRejectedBeforeWriting(long mtime) throws Exception {
    FileTree tree = treeOf(smallSource());
    assertThatThrownBy(() -> NewcWriter.checkLimits(tree, mtime))
        .isInstanceOf(TreeException.class)
        .hasMessageContaining(Long.toString(mtime))
        .hasMessageContaining("2106");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> NewcWriter.write(tree, mtime, out)).isInstanceOf(IOException.class);
    assertThat(out.size()).isZero();
  }

  // ---------------------------------------------------------------- names

  @Test
  void utf8NamesRoundTrip() throws Exception {
    Path f = Files.writeString(tmp.resolve("plain.txt"), "x");
    String name = "caf\u00e9/\u00fc.txt"; // café/ü.txt, written with escapes so the source encoding cannot matter
    FileTree tree = new FileTreeBuilder().add(f, "/" + name, "<include> plain.txt").build();
    byte[] archive = write(tree, MTIME);

    List<Record> entries = NewcParser.entries(archive);
    assertThat(entries).extracting(Record::name).containsExactly("caf\u00e9", name);
    // namesize counts UTF-8 bytes (é and ü are two bytes each), not chars
    assertThat(entries.get(0).namesize()).isEqualTo(6);
    assertThat(entries.get(1).namesize()).isEqualTo(utf8(name).length + 1).isEqualTo(13);

    // Raw UTF-8 bytes are in the archive (not '?').
    assertThat(new String(archive, StandardCharsets.ISO_8859_1))
        .contains(new String(utf8(name), StandardCharsets.ISO_8859_1));

    // And commons-compress reads it back with UTF-8.
    try (CpioArchiveInputStream in = new CpioArchiveInputStream(new java.io.ByteArrayInputStream(archive), "UTF-8")) {
      assertThat(in.getNextEntry().getName()).isEqualTo("caf\u00e9");
      CpioArchiveEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo(name);
      assertThat(in.readAllBytes()).isEqualTo(utf8("x"));
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void namesAreLimitedTo4095Utf8Bytes() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    // Destinations are free-form strings, so long names need no deep directories on disk.
    String longest = "d/" + "n".repeat(4093); // 4095 bytes
    FileTree ok = new FileTreeBuilder().add(f, longest, "<include> ok").build();
    NewcWriter.checkLimits(ok, MTIME);
    assertThat(NewcParser.entries(write(ok, MTIME)).get(1).namesize()).isEqualTo(4096);

    FileTree tooLong = new FileTreeBuilder().add(f, "d/" + "n".repeat(4094), "<include> long").build();
    assertThatThrownBy(() -> NewcWriter.checkLimits(tooLong, MTIME))
        .isInstanceOf(TreeException.class)
        .hasMessageContaining("<include> long")
        .hasMessageContaining("4096 bytes")
        .hasMessageContaining("4095");

    // Bytes, not chars: 2048 'é' are 4096 bytes.
    FileTree multiByte = new FileTreeBuilder().add(f, "\u00e9".repeat(2048), "<include> accents").build();
    assertThatThrownBy(() -> NewcWriter.checkLimits(multiByte, MTIME))
        .isInstanceOf(TreeException.class)
        .hasMessageContaining("<include> accents")
        .hasMessageContaining("4096 bytes");
  }

  // ---------------------------------------------------------------- size limit

  @Test
  void fileOf4GiBIsRejectedBeforeAnythingIsWritten() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("big"));
    Path huge = sparse(dir.resolve("disk.img"), 4L << 30);
    FileTree tree = new FileTreeBuilder().add(huge, "/data/disk.img", "<include> big/disk.img:/data/").build();

    assertThatThrownBy(() -> NewcWriter.checkLimits(tree, MTIME))
        .isInstanceOf(TreeException.class)
        .hasMessageContaining("/data/disk.img")
        .hasMessageContaining("<include> big/disk.img:/data/")
        .hasMessageContaining(huge.toString())
        .hasMessageContaining("4294967296 bytes")
        .hasMessageContaining("newc")
        .hasMessageContaining("cannot hold");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> NewcWriter.write(tree, MTIME, out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("4294967296 bytes");
    assertThat(out.size()).isZero();

    Path out2 = tmp.resolve("out");
    Files.createDirectories(out2);
    Path target = out2.resolve("initrd");
    assertThatThrownBy(() -> InitrdFile.write(tree, MTIME, target)).isInstanceOf(TreeException.class);
    assertThat(listDir(out2)).isEmpty();
  }

  @Test
  void fileOfExactly4GiBMinusOnePassesTheCheck() throws Exception {
    Path f = sparse(tmp.resolve("max.img"), NewcWriter.MAX_FILE_SIZE);
    NewcWriter.checkLimits(new FileTreeBuilder().add(f, "/max.img", "<include> max").build(), MTIME);
  }

  // ---------------------------------------------------------------- changed files

  @Test
  void fileGrowingAfterTheTreeWasBuiltFailsClearly() throws Exception {
    Path src = smallSource();
    FileTree tree = treeOf(src);
    Path hello = src.resolve("etc/hello.txt");
    Files.writeString(hello, "more\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> write(tree, MTIME))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/etc/hello.txt")
        .hasMessageContaining(hello.toString())
        .hasMessageContaining(ORIGIN)
        .hasMessageContaining("is now 19 bytes but was 14 bytes");
  }

  @Test
  void fileShrinkingAfterTheTreeWasBuiltFailsClearly() throws Exception {
    Path src = smallSource();
    FileTree tree = treeOf(src);
    Path hello = src.resolve("etc/hello.txt");
    Files.writeString(hello, "hi");

    assertThatThrownBy(() -> write(tree, MTIME))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(hello.toString())
        .hasMessageContaining("is now 2 bytes but was 14 bytes");
  }

  @Test
  void fileDeletedAfterTheTreeWasBuiltFails() throws Exception {
    Path src = smallSource();
    FileTree tree = treeOf(src);
    Path hello = src.resolve("etc/hello.txt");
    Files.delete(hello);
    assertThatThrownBy(() -> write(tree, MTIME))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/etc/hello.txt (from " + ORIGIN + ")")
        .hasMessageContaining(hello.toString())
        .hasMessageContaining("was deleted");
  }

  // ---------------------------------------------------------------- InitrdFile

  @Test
  void initrdFileHoldsExactlyWhatWriteProduces() throws Exception {
    FileTree tree = treeOf(smallSource());
    Path target = tmp.resolve("out/nested/initrd.cpio");
    InitrdFile.write(tree, MTIME, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(write(tree, MTIME));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    assertThat(listDir(target.getParent())).containsExactly(target);

    // Overwrites an existing initrd.
    Files.writeString(target, "old");
    InitrdFile.write(tree, MTIME, target);
    assertThat(Files.readAllBytes(target)).isEqualTo(write(tree, MTIME));
    assertThat(listDir(target.getParent())).containsExactly(target);
  }

  @Test
  void failedInitrdWriteLeavesTheOldTargetAndNoTempFile() throws Exception {
    Path src = smallSource();
    FileTree tree = treeOf(src);
    Path outDir = Files.createDirectories(tmp.resolve("out"));
    Path target = Files.writeString(outDir.resolve("initrd"), "previous initrd");
    Files.writeString(src.resolve("etc/hello.txt"), "changed after the tree was built");

    assertThatThrownBy(() -> InitrdFile.write(tree, MTIME, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("hello.txt");
    assertThat(Files.readString(target)).isEqualTo("previous initrd");
    assertThat(listDir(outDir)).containsExactly(target);
  }
}
