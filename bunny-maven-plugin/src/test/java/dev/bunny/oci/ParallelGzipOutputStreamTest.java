package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parallel gzip writer makes one ordinary gzip stream, the same bytes whatever the thread count. */
class ParallelGzipOutputStreamTest {

  private static byte[] compress(byte[] data, int threads, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, threads)) {
      for (int off = 0; off < data.length; off += chunk) {
        gz.write(data, off, Math.min(chunk, data.length - off));
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Compressible text with repeats across block boundaries (the dictionary matters) and random runs. */
  private static byte[] payload(int size, long seed) {
    Random r = new Random(seed);
    byte[] data = new byte[size];
    String words = "urunc unikernel initrd rootfs kernel qemu firecracker solo5 ";
    for (int i = 0; i < size; i++) {
      data[i] = (i / 4096) % 3 == 2 ? (byte) r.nextInt() : (byte) words.charAt((i * 7 + i / 100) % words.length());
    }
    return data;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK_SIZE - 1, ParallelGzipOutputStream.BLOCK_SIZE,
      ParallelGzipOutputStream.BLOCK_SIZE + 1, 5 * ParallelGzipOutputStream.BLOCK_SIZE + 12345})
  void decompressesToTheInputAtEverySizeAroundBlockBoundaries(int size) throws IOException {
    byte[] data = payload(size, size);
    assertThat(gunzip(compress(data, 3, 7919))).isEqualTo(data);
  }

  @Test
  void theBytesDoNotDependOnThreadsOrWriteSizes() throws IOException {
    byte[] data = payload(3 * ParallelGzipOutputStream.BLOCK_SIZE + 999, 42);
    byte[] one = compress(data, 1, 1 << 20);
    assertThat(compress(data, 4, 333)).isEqualTo(one);
    assertThat(compress(data, 16, 1)).isEqualTo(one);
  }

  @Test
  void itCompressesAndCarriesTheFixedHeader() throws IOException {
    byte[] data = payload(4 * ParallelGzipOutputStream.BLOCK_SIZE, 7);
    byte[] gz = compress(data, 2, 65536);
    assertThat(gz.length).isLessThan(data.length / 2);
    assertThat(java.util.Arrays.copyOf(gz, 10)).isEqualTo(ParallelGzipOutputStream.HEADER);
  }

  @Test
  void gnuGzipAcceptsTheStream(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/gzip")) || Files.isExecutable(Path.of("/usr/bin/gzip")), "gzip");
    byte[] data = payload(2 * ParallelGzipOutputStream.BLOCK_SIZE + 5, 3);
    Path file = dir.resolve("x.gz");
    Files.write(file, compress(data, 2, 4096));
    Process p = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }

  /**
   * Blocks, output buffers and deflaters are recycled over forty blocks that each hold different
   * bytes, so a block or buffer handed to the wrong owner shows in what comes back. (A refill racing
   * a worker that still reads the block is timing-dependent; this may not catch that on every run.)
   */
  @Test
  void recyclingNeverLetsOneBlockSeeAnother() throws IOException {
    Random r = new Random(99);
    byte[] data = new byte[40 * ParallelGzipOutputStream.BLOCK_SIZE + 777];
    for (int b = 0; b * 4096 < data.length; b++) {
      int from = b * 4096;
      int to = Math.min(data.length, from + 4096);
      if (b % 2 == 0) {
        for (int i = from; i < to; i++) {
          data[i] = (byte) r.nextInt(); // incompressible: deflated blocks as big as the input
        }
      } else {
        java.util.Arrays.fill(data, from, to, (byte) b); // very compressible, different per run
      }
    }
    byte[] reference = compress(data, 1, 1 << 20);
    assertThat(gunzip(reference)).isEqualTo(data);
    assertThat(compress(data, 3, 100_003)).isEqualTo(reference);
  }

  /** The output buffer is only a size guess: a block that does not fit grows it, flushed or final. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTooSmallOutputBufferGrows(boolean last) throws IOException {
    byte[] data = payload(100_000, 5);
    java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
    ParallelGzipOutputStream.Deflated deflated;
    try {
      deflated = ParallelGzipOutputStream.deflate(d, new byte[16], data, data.length, null, last);
    } finally {
      d.end();
    }
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    inflater.setInput(deflated.bytes(), 0, deflated.length());
    byte[] back = new byte[data.length + 1];
    try {
      assertThat(inflater.inflate(back)).isEqualTo(data.length);
      assertThat(inflater.finished()).isEqualTo(last);
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException(e);
    } finally {
      inflater.end();
    }
    assertThat(java.util.Arrays.copyOf(back, data.length)).isEqualTo(data);
  }

  @Test
  void blocksInFlightFollowTheCoresUntilTheHeapIsSmall() {
    long big = 4L << 30;
    assertThat(ParallelGzipOutputStream.maxInFlight(2, big)).isEqualTo(6);
    assertThat(ParallelGzipOutputStream.maxInFlight(64, big)).isEqualTo(130);
    assertThat(ParallelGzipOutputStream.maxInFlight(64, 64L << 20)).isEqualTo(7); // 8 MiB of ~1 MiB blocks
    assertThat(ParallelGzipOutputStream.maxInFlight(64, 1L << 20)).isEqualTo(2);
  }
}
