package dev.bunny.registry;

import dev.bunny.oci.Digest;
import java.util.Optional;

/**
 * Where a blob is known to be already, so a push can mount it from there (a cross-repository
 * mount: no bytes sent) instead of uploading it: the base layers of an image built {@code FROM}
 * another repository of the same registry.
 */
@FunctionalInterface
public interface BlobOrigins {

  /** Nothing known. */
  BlobOrigins NONE = (registry, digest) -> Optional.empty();

  /** A repository of {@code registry} the blob was pulled from, if any. */
  Optional<String> repositoryWith(String registry, Digest digest);
}
