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
}
