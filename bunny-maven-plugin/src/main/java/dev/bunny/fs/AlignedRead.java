package dev.bunny.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Reads file contents through a page-aligned native buffer, one per thread.
 *
 * <p>Why not {@code Files.newInputStream} or a {@code FileChannel} into a {@code byte[]}: both have
 * the kernel copy into a native buffer from {@code malloc}, which starts 16 bytes past a page
 * boundary, and on AMD EPYC processors the kernel's copy to user memory is about three times
 * slower into a destination that is not aligned to a cache line. Measured on a 1 GiB tree of
 * 20,866 files: 0.75-0.9 s through {@code Files.newInputStream}, 0.93-1.07 s into a direct buffer
 * 16 bytes off a page, 0.33-0.41 s into an aligned one. The copy from the aligned buffer into the
 * caller's array happens in the JVM, where alignment costs nothing measurable.
 */
public final class AlignedRead {

  /** At most this many bytes per read. */
  public static final int BUFFER_SIZE = 1 << 20;

  private static final int ALIGNMENT = 4096;

  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_SIZE + ALIGNMENT).alignedSlice(ALIGNMENT));

  private AlignedRead() {}

  /**
   * Reads up to {@code len} bytes (at most {@link #BUFFER_SIZE}) from the channel's position into
   * {@code dst}: the number read, or -1 at the end of the file.
   */
  public static int read(FileChannel in, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    ByteBuffer buffer = BUFFER.get();
    buffer.clear().limit(Math.min(len, BUFFER_SIZE));
    int n = in.read(buffer);
    if (n > 0) {
      buffer.flip().get(dst, off, n);
    }
    return n;
  }

  /**
   * An input stream over {@code file} that reads through {@link #read}. It skips by moving the
   * file position, without reading, so tar readers pass over large entries for free.
   */
  public static InputStream open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) > 0 ? one[0] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        return AlignedRead.read(channel, b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        if (n <= 0) {
          return 0;
        }
        long position = channel.position();
        long skipped = Math.min(n, Math.max(0, channel.size() - position));
        channel.position(position + skipped);
        return skipped;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
