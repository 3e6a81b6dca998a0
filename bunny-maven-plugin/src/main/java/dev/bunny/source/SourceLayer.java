package dev.bunny.source;

import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One layer of a source image.
 *
 * @param descriptor as the source manifest lists it, with Docker media types mapped to their OCI
 *     equivalents (same bytes, same digest)
 * @param diffId the config's {@code rootfs.diff_ids} entry for this layer
 * @param blob the verified blob on disk (in the pull cache, or inside a local OCI layout)
 */
public record SourceLayer(Descriptor descriptor, Digest diffId, Path blob) {

  public SourceLayer {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(blob, "blob");
  }
}
