package dev.bunny.oci;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * zstd streams for layers, through zstd-jni (the reference C library).
 *
 * <p>Determinism: compression always runs in zstd's multi-threaded mode (at least one worker).
 * In that mode the library cuts the input into jobs of a size fixed by the level, not by the
 * number of workers, so the frame is the same for 1 or 64 workers
 * ({@code ZstdStreamsTest} checks it). Single-threaded mode (0 workers) would give other bytes,
 * so it is never used. Flushes from the tar writer are ignored: a zstd flush ends a block early,
 * and the bytes must depend only on the content, not on when someone called {@code flush()}.
 */
final class ZstdStreams {

  private ZstdStreams() {}

  /** A zstd frame with a content checksum (as the {@code zstd} command writes), closed with the stream. */
  static OutputStream compress(OutputStream out, int level, int workers) throws IOException {
    ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, level);
    z.setWorkers(Math.max(1, workers));
    z.setChecksum(true);
    return new FilterOutputStream(z) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() {
        // see the class comment: only close() ends the frame
      }
    };
  }

  static InputStream decompress(InputStream in) throws IOException {
    return new ZstdInputStreamNoFinalizer(in);
  }

  /** The zstd frame magic number, little-endian 0xFD2FB528, as its first two bytes. */
  static boolean startsLikeZstd(int b1, int b2) {
    return b1 == 0x28 && b2 == 0xb5;
  }
}
