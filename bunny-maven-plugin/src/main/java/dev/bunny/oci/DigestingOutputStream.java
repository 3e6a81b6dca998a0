package dev.bunny.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while computing their sha256 and counting them, so a blob's digest and
 * size are known the moment it is written, without reading it back.
 */
final class DigestingOutputStream extends FilterOutputStream {

  private final MessageDigest sha256 = Digest.sha256();
  private long count;
  private Digest digest;

  DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    // FilterOutputStream would write byte by byte; pass the whole chunk on.
    out.write(b, off, len);
    sha256.update(b, off, len);
    count += len;
  }

  long count() {
    return count;
  }

  /** The digest of everything written; call once writing is over. */
  Digest digest() {
    if (digest == null) {
      digest = Digest.of(sha256);
    }
    return digest;
  }
}
