package dev.bunny.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A failed write that names the file. The JDK reports a full disk, an exceeded quota or a file
 * size limit with the bare system message ({@code No space left on device}), which leaves the user
 * guessing which of the build's outputs, on which filesystem, could not be written.
 */
public final class WriteFailure extends IOException {

  private static final long serialVersionUID = 1L;

  private WriteFailure(Path file, IOException cause) {
    super("cannot write " + file + ": " + cause.getMessage(), cause);
  }

  /**
   * {@code e} as a failure to write {@code file}, named as the output it becomes when that is a
   * temporary {@link AtomicFiles#sibling}. An exception that already names a file (the JDK's
   * {@link FileSystemException}s, or one of these) is returned as it is.
   */
  public static IOException of(Path file, IOException e) {
    Objects.requireNonNull(file, "file");
    if (e instanceof WriteFailure || e instanceof FileSystemException) {
      return e;
    }
    return new WriteFailure(AtomicFiles.targetOf(file), e);
  }

  /** {@code out}, whose failures name {@code file}. */
  public static OutputStream naming(Path file, OutputStream out) {
    Objects.requireNonNull(file, "file");
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        named(file, () -> out.write(b));
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        named(file, () -> out.write(b, off, len));
      }

      @Override
      public void flush() throws IOException {
        named(file, out::flush);
      }

      @Override
      public void close() throws IOException {
        named(file, out::close);
      }
    };
  }

  private interface Write {
    void run() throws IOException;
  }

  private static void named(Path file, Write write) throws IOException {
    try {
      write.run();
    } catch (IOException e) {
      throw of(file, e);
    }
  }
}
