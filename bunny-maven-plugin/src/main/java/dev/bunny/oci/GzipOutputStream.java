package dev.bunny.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A gzip stream with a header fixed by us rather than by the JDK: {@link
 * java.util.zip.GZIPOutputStream} writes OS byte 0 up to JDK 15 and 255 from JDK 16 on
 * (JDK-8244706), which would change layer digests with the build JDK. This header has mtime 0, no
 * file name, no extra flags and OS 255 ("unknown"), as Go's gzip writer also does.
 *
 * <p>The deflate bytes themselves come from the platform zlib; see {@link LayerWriter}.
 */
final class GzipOutputStream extends DeflaterOutputStream {

  /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255. */
  static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final CRC32 crc = new CRC32();
  private boolean trailerWritten;

  GzipOutputStream(OutputStream out, int level, int bufferSize) throws IOException {
    super(out, new Deflater(level, true), bufferSize);
    out.write(HEADER);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    super.write(b, off, len);
    crc.update(b, off, len);
  }

  @Override
  public void finish() throws IOException {
    if (trailerWritten) {
      return;
    }
    super.finish();
    writeIntLe(crc.getValue());
    writeIntLe(def.getBytesRead()); // ISIZE: input length modulo 2^32
    trailerWritten = true;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      def.end(); // we created the Deflater, so DeflaterOutputStream does not release it
    }
  }

  private void writeIntLe(long v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
  }
}
