package dev.bunny.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands what is written to other threads, one per wrapped stream, which each write all of it to
 * their stream: the caller only copies bytes into one of a few fixed chunks and goes on. A layer
 * is digested twice (the tar for the diff ID, the blob for its digest) and written to disk; on the
 * caller's thread those would run one after the other with the tar walk and the compressor's
 * bookkeeping, here each runs beside them. (Measured on a 2 GiB zstd layer: with the blob digest
 * and the disk write on one shared thread, that thread was the slowest stage.) Memory stays
 * bounded: at most {@value #CHUNKS} chunks of {@value #CHUNK_SIZE} bytes, allocated as needed and
 * shared by all the wrapped streams; the caller waits when all are queued.
 *
 * <p>Each wrapped stream sees the bytes in order. A failure of any of them is reported by the next
 * {@code write} or by {@code close}; the threads keep recycling chunks after a failure so that the
 * caller never waits forever. {@code close} drains everything, closes the wrapped streams and
 * waits for the threads, so whatever the wrapped streams computed is visible afterwards.
 */
final class BackgroundOutputStream extends OutputStream {

  static final int CHUNK_SIZE = 1 << 20;
  static final int CHUNKS = 4;

  private static final class Chunk {
    final byte[] bytes;
    final AtomicInteger readers = new AtomicInteger();
    int length;

    Chunk(int size) {
      bytes = new byte[size];
    }
  }

  private static final Chunk END = new Chunk(0);

  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
  private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
  private final List<Thread> consumers = new ArrayList<>();
  private volatile Throwable failure;
  private Chunk current;
  private int created;
  private boolean closed;

  BackgroundOutputStream(String threadName, OutputStream... outs) {
    for (int i = 0; i < outs.length; i++) {
      BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS + 1);
      OutputStream out = outs[i];
      Thread t = new Thread(() -> consume(queue, out), outs.length == 1 ? threadName : threadName + "-" + (i + 1));
      t.setDaemon(true);
      queues.add(queue);
      consumers.add(t);
    }
    consumers.forEach(Thread::start);
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

  /** Hands over a partly filled chunk; the wrapped streams are not flushed (close does that). */
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
    for (BlockingQueue<Chunk> queue : queues) {
      put(queue, END);
    }
    try {
      for (Thread t : consumers) {
        t.join();
      }
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
    if (c != null) {
      return c;
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a background write");
    }
  }

  private void handOver() throws IOException {
    current.readers.set(queues.size());
    for (BlockingQueue<Chunk> queue : queues) {
      put(queue, current);
    }
    current = null;
  }

  private void consume(BlockingQueue<Chunk> queue, OutputStream out) {
    try (out) {
      for (Chunk c = queue.take(); c != END; c = queue.take()) {
        if (failure == null) {
          try {
            out.write(c.bytes, 0, c.length);
          } catch (Throwable t) {
            fail(t);
          }
        }
        if (c.readers.decrementAndGet() == 0) {
          c.length = 0;
          free.put(c);
        }
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  private synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
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

  private static void put(BlockingQueue<Chunk> queue, Chunk chunk) throws IOException {
    try {
      queue.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a background write");
    }
  }
}
