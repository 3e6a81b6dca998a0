package dev.bunny.oci;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob written to disk.
 *
 * @param file where the blob (compressed or not, as the descriptor says) lies
 * @param descriptor media type, digest and size of the blob as stored
 * @param diffId sha256 of the uncompressed tar, which the image config lists
 * @param createdBy the image history's {@code created_by} text for this layer
 */
public record Layer(Path file, Descriptor descriptor, Digest diffId, String createdBy) {

  public Layer {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(diffId, "diffId");
  }
}
