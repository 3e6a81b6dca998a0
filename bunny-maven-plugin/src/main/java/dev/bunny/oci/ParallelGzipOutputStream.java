package dev.bunny.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip that uses every core, the way pigz does: the input is cut into fixed 128 KiB blocks, each
 * block is deflated on its own thread with the previous 32 KiB as its dictionary and ends with a
 * sync flush (the last one with the final block bit), and the pieces are written in order behind
 * one gzip header and one CRC-32/size trailer. The result is a single ordinary gzip stream.
 *
 * <p>Written by hand because no library on Maven Central offers it; the JDK's {@link Deflater}
 * does the compressing. The bytes depend only on the input, the level and the block size, never
 * on the number of threads or their timing, so layers stay reproducible. Memory is bounded by the
 * blocks in flight (a few per core).
 *
 * <p>The header is ours rather than {@link java.util.zip.GZIPOutputStream}'s, which writes OS byte
 * 0 up to JDK 15 and 255 from JDK 16 on (JDK-8244706) and would change digests with the build JDK:
 * mtime 0, no file name, no extra flags, OS 255 ("unknown"), as Go's gzip writer does.
 */
final class ParallelGzipOutputStream extends OutputStream {

  /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255. */
  static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  static final int BLOCK_SIZE = 128 * 1024;
  private static final int DICTIONARY_SIZE = 32 * 1024;

  private final OutputStream out;
  private final int level;
  private final ExecutorService workers;
  private final int maxInFlight;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private long size;
  private byte[] block = new byte[BLOCK_SIZE];
  private int fill;
  private byte[] dictionary;
  private boolean closed;

  ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    this.out = out;
    this.level = level;
    int n = Math.max(1, threads);
    this.maxInFlight = 2 * n + 2;
    this.workers = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "bunny-gzip");
      t.setDaemon(true);
      return t;
    });
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    crc.update(b, off, len);
    size += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK_SIZE - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == BLOCK_SIZE) {
        submit(false);
      }
    }
  }

  /** Block boundaries decide the bytes, so a flush only passes on what is already compressed. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      submit(true);
      while (!inFlight.isEmpty()) {
        writeNext();
      }
      long c = crc.getValue();
      out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
          (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)}); // ISIZE: size mod 2^32
    } finally {
      workers.shutdownNow();
      out.close();
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] data = block;
    int length = fill;
    byte[] dict = dictionary;
    inFlight.add(workers.submit(() -> deflate(data, length, dict, last, level)));
    if (!last) {
      dictionary = Arrays.copyOfRange(data, length - DICTIONARY_SIZE, length); // full blocks only
      block = new byte[BLOCK_SIZE];
      fill = 0;
    }
    while (inFlight.size() > maxInFlight) {
      writeNext();
    }
  }

  private void writeNext() throws IOException {
    try {
      out.write(inFlight.poll().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("compressing a layer block failed", e.getCause());
    }
  }

  /** One block as raw deflate data that continues the stream: sync-flushed, or final. */
  static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last, int level) {
    Deflater d = new Deflater(level, true);
    try {
      if (dictionary != null) {
        d.setDictionary(dictionary);
      }
      d.setInput(data, 0, length);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 2 + 64);
      byte[] buf = new byte[64 * 1024];
      if (last) {
        d.finish();
        while (!d.finished()) {
          bytes.write(buf, 0, d.deflate(buf));
        }
      } else {
        int n;
        do {
          n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
          bytes.write(buf, 0, n);
        } while (n == buf.length);
      }
      return bytes.toByteArray();
    } finally {
      d.end();
    }
  }
}
