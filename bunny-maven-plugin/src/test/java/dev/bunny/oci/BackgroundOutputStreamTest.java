package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BackgroundOutputStreamTest {

  @Test
  void passesEveryByteInOrderOnItsOwnThreadAndClosesTheWrappedStream() throws IOException {
    byte[] data = new byte[5 * BackgroundOutputStream.CHUNK_SIZE + 12_345];
    new Random(7).nextBytes(data);
    AtomicReference<String> writer = new AtomicReference<>();
    AtomicBoolean closed = new AtomicBoolean();
    ByteArrayOutputStream sink = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        writer.set(Thread.currentThread().getName());
        super.write(b, off, len);
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    Random sizes = new Random(3);
    try (BackgroundOutputStream out = new BackgroundOutputStream("test-writer", sink)) {
      int off = 0;
      while (off < data.length) {
        int n = Math.min(data.length - off, sizes.nextInt(3 * BackgroundOutputStream.CHUNK_SIZE / 2) + 1);
        if (n == 1) {
          out.write(data[off]);
        } else {
          out.write(data, off, n);
        }
        off += n;
      }
      out.flush(); // hands over the partial chunk; more writes may follow
      out.write(new byte[] {42}, 0, 1);
    }
    assertThat(closed).isTrue();
    assertThat(writer.get()).isEqualTo("test-writer");
    byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
    expected[data.length] = 42;
    assertThat(sink.toByteArray()).isEqualTo(expected);
  }

  @Test
  void everyWrappedStreamGetsAllTheBytesOnItsOwnThread() throws IOException {
    byte[] data = new byte[3 * BackgroundOutputStream.CHUNK_SIZE + 999];
    new Random(11).nextBytes(data);
    java.util.List<ByteArrayOutputStream> sinks = new java.util.ArrayList<>();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 3; i++) {
      sinks.add(new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
          threads.add(Thread.currentThread().getName());
          super.write(b, off, len);
        }
      });
    }
    try (BackgroundOutputStream out = new BackgroundOutputStream("fan", sinks.toArray(new OutputStream[0]))) {
      for (int off = 0; off < data.length; off += 100_000) {
        out.write(data, off, Math.min(100_000, data.length - off));
      }
    }
    for (ByteArrayOutputStream sink : sinks) {
      assertThat(sink.toByteArray()).isEqualTo(data);
    }
    assertThat(threads).containsExactlyInAnyOrder("fan-1", "fan-2", "fan-3");
  }

  @Test
  @Timeout(30)
  void aFailingWrappedStreamIsReportedAndNeverBlocksTheWriter() throws IOException {
    OutputStream failing = new OutputStream() {
      private long written;

      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 2 * BackgroundOutputStream.CHUNK_SIZE) {
          throw new IOException("disk full");
        }
      }
    };
    BackgroundOutputStream out = new BackgroundOutputStream("test-failing", new ByteArrayOutputStream(), failing);
    byte[] chunk = new byte[BackgroundOutputStream.CHUNK_SIZE];
    // Far more than the chunks in flight: the writer must see the failure instead of waiting.
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) {
        out.write(chunk);
      }
      out.close();
    }).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThatThrownBy(out::close).hasMessage("disk full");
    assertThatThrownBy(() -> out.write(chunk)).hasMessage("stream closed");
  }
}
