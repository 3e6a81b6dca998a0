package dev.bunny.oci;

import dev.bunny.fs.FileStamp;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob written to disk.
 *
 * @param file where the blob (compressed or not, as the descriptor says) lies
 * @param descriptor media type, digest and size of the blob as stored
 * @param diffId sha256 of the uncompressed tar, which the image config lists
 * @param createdBy the image history's {@code created_by} text for this layer
 * @param written the file's stamp right after this build wrote it, or null for a blob it did not
 *     write (taken from an image): with a stamp that still matches, the digest needs no re-check
 */
public record Layer(Path file, Descriptor descriptor, Digest diffId, String createdBy, FileStamp written) {

  public Layer {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(diffId, "diffId");
  }

  /** A layer whose file this build did not write, so its digest is checked whenever it is read. */
  public Layer(Path file, Descriptor descriptor, Digest diffId, String createdBy) {
    this(file, descriptor, diffId, createdBy, null);
  }

  /**
   * True when {@code file} is provably still the bytes the build wrote and digested: the same
   * inode, size and mtime as right after it was written.
   */
  public boolean unchangedSinceWritten() {
    return written != null && written.sameWriteAs(FileStamp.of(file));
  }
}
