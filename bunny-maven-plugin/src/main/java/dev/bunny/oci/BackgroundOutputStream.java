package dev.bunny.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to another thread, which writes it to the wrapped stream: the caller
 * only copies bytes into one of a few fixed chunks and goes on. A layer is digested twice (the
 * tar for the diff ID, the blob for its digest) and written to disk; on this thread those would
 * run one after the other with the tar walk and the compressor's bookkeeping, on their own
 * threads they run beside them. Memory stays bounded: {@value #CHUNKS} chunks of
 * {@value #CHUNK_SIZE} bytes, and the caller waits when all are queued.
 *
 * <p>Order is kept (one consumer thread, FIFO). A failure of the wrapped stream is reported by
 * the next {@code write} or by {@code close}; the consumer keeps recycling chunks after a failure
 * so that the caller never waits forever. {@code close} drains everything, closes the wrapped
 * stream and waits for the thread, so whatever the wrapped stream computed is visible afterwards.
 */
final class BackgroundOutputStream extends OutputStream {

  static final int CHUNK_SIZE = 1 << 20;
  static final int CHUNKS = 4;

  private static final class Chunk {
    final byte[] bytes;
    int length;

    Chunk(int size) {
      bytes = new byte[size];
    }
  }

  private static final Chunk END = new Chunk(0);

  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Chunk> queued = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread consumer;
  private volatile Throwable failure;
  private Chunk current;
  private int created;
  private boolean closed;

  BackgroundOutputStream(OutputStream out, String threadName) {
    consumer = new Thread(() -> consume(out), threadName);
    consumer.setDaemon(true);
    consumer.start();
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
    checkFailure();
    while (len > 0) {
      if (current == null) {
        current = nextChunk();
      }
      int n = Math.min(len, current.bytes.length - current.length);
      System.arraycopy(b, off, current.bytes, current.length, n);
      current.length += n;
      off += n;
      len -= n;
      if (current.length == current.bytes.length) {
        handOver();
      }
    }
  }

  /** Hands over a partly filled chunk; the wrapped stream is not flushed (its owner closes it). */
  @Override
  public void flush() throws IOException {
    if (!closed && current != null && current.length > 0) {
      handOver();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    flush();
    closed = true;
    put(END);
    try {
      consumer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while finishing a background write");
    }
    checkFailure();
  }

  /** A recycled chunk, a new one while fewer than CHUNKS exist (small layers need one), or a wait. */
  private Chunk nextChunk() throws IOException {
    Chunk c = free.poll();
    if (c == null && created < CHUNKS) {
      created++;
      return new Chunk(CHUNK_SIZE);
    }
    return c != null ? c : take(free);
  }

  private void handOver() throws IOException {
    put(current);
    current = null;
  }

  private void consume(OutputStream out) {
    try (out) {
      for (Chunk c = queued.take(); c != END; c = queued.take()) {
        if (failure == null) {
          try {
            out.write(c.bytes, 0, c.length);
          } catch (Throwable t) {
            failure = t;
          }
        }
        c.length = 0;
        free.put(c);
      }
    } catch (Throwable t) {
      if (failure == null) {
        failure = t;
      }
    }
  }

  private void checkFailure() throws IOException {
    Throwable t = failure;
    if (t instanceof IOException) {
      throw (IOException) t;
    }
    if (t != null) {
      throw new IOException("writing in the background failed", t);
    }
  }

  private Chunk take(BlockingQueue<Chunk> queue) throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a background write");
    }
  }

  private void put(Chunk chunk) throws IOException {
    try {
      queued.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a background write");
    }
  }
}
