package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd layers: the reference CLI reads them, and the bytes do not depend on the worker count. */
class ZstdStreamsTest {

  static final String ZSTD = "/usr/bin/zstd";

  @TempDir
  Path tmp;

  private static byte[] compress(byte[] data, int workers, int chunk, boolean flushEveryWrite) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = ZstdStreams.compress(out, LayerWriter.ZSTD_LEVEL, workers)) {
      for (int off = 0; off < data.length; off += chunk) {
        z.write(data, off, Math.min(chunk, data.length - off));
        if (flushEveryWrite) {
          z.flush();
        }
      }
    }
    return out.toByteArray();
  }

  /** Text-like runs and random runs; big enough for several multi-threaded jobs at level 3. */
  private static byte[] payload(int size, long seed) {
    Random r = new Random(seed);
    byte[] data = new byte[size];
    String words = "urunc unikernel initrd rootfs kernel qemu firecracker solo5 ";
    for (int i = 0; i < size; i++) {
      data[i] = (i / 65536) % 3 == 2 ? (byte) r.nextInt() : (byte) words.charAt((i * 7 + i / 100) % words.length());
    }
    return data;
  }

  @Test
  void theBytesDoNotDependOnWorkersWriteSizesOrFlushes() throws IOException {
    byte[] data = payload(40 << 20, 7);
    byte[] one = compress(data, 1, 1 << 20, false);
    assertThat(compress(data, 2, 333_333, false)).isEqualTo(one);
    assertThat(compress(data, 3, 1 << 20, true)).isEqualTo(one);
    assertThat(compress(data, 8, 4096, false)).isEqualTo(one);
    assertThat(one.length).isLessThan(data.length / 2);
    try (InputStream in = ZstdStreams.decompress(new ByteArrayInputStream(one))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void theZstdCommandChecksAndDecompressesIt() throws Exception {
    Tools.assumeTool(ZSTD);
    byte[] data = payload(3 << 20, 11);
    Path file = tmp.resolve("x.zst");
    Files.write(file, compress(data, 2, 100_000, false));
    Tools.Result r = Tools.run(tmp, ZSTD, "-d", "-c", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo(data);
  }

  @Test
  void anEmptyStreamIsAValidFrame() throws Exception {
    byte[] empty = compress(new byte[0], 2, 1, false);
    assertThat(ZstdStreams.startsLikeZstd(empty[0] & 0xff, empty[1] & 0xff)).isTrue();
    try (InputStream in = ZstdStreams.decompress(new ByteArrayInputStream(empty))) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }
}
