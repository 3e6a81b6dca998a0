package dev.bunny.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignedReadTest {

  @TempDir Path tmp;

  private Path file(String name, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(tmp.resolve(name), bytes);
  }

  @Test
  void streamsGiveEveryByteForSizesAroundTheBuffer() throws Exception {
    int b = AlignedRead.BUFFER_SIZE;
    for (int size : new int[] {0, 1, 4095, 4097, b - 1, b, b + 1, 3 * b + 17}) {
      Path f = file("f" + size, size, size);
      try (InputStream in = AlignedRead.open(f)) {
        assertThat(in.readAllBytes()).as("size %d", size).isEqualTo(Files.readAllBytes(f));
      }
    }
  }

  @Test
  void singleBytesAreUnsignedAndTheEndIsMinusOne() throws Exception {
    Path f = Files.write(tmp.resolve("two"), new byte[] {(byte) 0xff, 7});
    try (InputStream in = AlignedRead.open(f)) {
      assertThat(in.read()).isEqualTo(0xff);
      assertThat(in.read()).isEqualTo(7);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
      assertThat(in.read(new byte[4], 0, 0)).isZero();
    }
  }

  /** Skipping moves the file position: reads go on right after it, and it stops at the end. */
  @Test
  void skipMovesThePositionAndStopsAtTheEnd() throws Exception {
    int size = 3 * AlignedRead.BUFFER_SIZE + 11;
    Path f = file("s", size, 4);
    byte[] all = Files.readAllBytes(f);
    try (InputStream in = AlignedRead.open(f)) {
      assertThat(in.read()).isEqualTo(all[0] & 0xff);
      assertThat(in.skip(0)).isZero();
      assertThat(in.skip(-5)).isZero();
      assertThat(in.skip(2L * AlignedRead.BUFFER_SIZE)).isEqualTo(2L * AlignedRead.BUFFER_SIZE);
      int at = 1 + 2 * AlignedRead.BUFFER_SIZE;
      assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOfRange(all, at, at + 10));
      assertThat(in.skip(Long.MAX_VALUE)).isEqualTo(size - at - 10);
      assertThat(in.skip(1)).isZero();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void readsLandAtTheOffsetAndNoFurther() throws Exception {
    Path f = file("g", 100, 1);
    byte[] dst = new byte[60];
    try (FileChannel ch = FileChannel.open(f)) {
      assertThat(AlignedRead.read(ch, dst, 10, 50)).isEqualTo(50);
    }
    byte[] expected = new byte[60];
    System.arraycopy(Files.readAllBytes(f), 0, expected, 10, 50);
    assertThat(dst).isEqualTo(expected);
    assertThatThrownBy(() -> {
      try (FileChannel ch = FileChannel.open(f)) {
        AlignedRead.read(ch, dst, 30, 31);
      }
    }).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** The buffer is the thread's: two open streams, and a stream read from another thread, stay apart. */
  @Test
  void interleavedStreamsAndThreadsDoNotMix() throws Exception {
    Path a = file("a", 3 * AlignedRead.BUFFER_SIZE + 5, 2);
    Path b = file("b", 2 * AlignedRead.BUFFER_SIZE + 9, 3);
    ByteArrayOutputStream gotA = new ByteArrayOutputStream();
    ByteArrayOutputStream gotB = new ByteArrayOutputStream();
    byte[] buf = new byte[AlignedRead.BUFFER_SIZE / 2 + 3];
    try (InputStream inA = AlignedRead.open(a); InputStream inB = AlignedRead.open(b)) {
      boolean moreA = true;
      boolean moreB = true;
      while (moreA || moreB) {
        moreA = moreA && copyOnce(inA, buf, gotA);
        moreB = moreB && CompletableFuture.supplyAsync(() -> copyOnce(inB, buf.clone(), gotB)).get();
      }
    }
    assertThat(gotA.toByteArray()).isEqualTo(Files.readAllBytes(a));
    assertThat(gotB.toByteArray()).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThatThrownBy(() -> AlignedRead.open(tmp.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
  }

  private static boolean copyOnce(InputStream in, byte[] buf, ByteArrayOutputStream out) {
    try {
      int n = in.read(buf, 0, buf.length);
      if (n > 0) {
        out.write(buf, 0, n);
      }
      return n >= 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
