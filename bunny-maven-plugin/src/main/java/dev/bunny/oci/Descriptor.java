package dev.bunny.oci;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An OCI content descriptor. {@code annotations} is never null (empty ones are left out of the
 * JSON); {@code platform} may be null (then it is left out too).
 */
public record Descriptor(
    String mediaType, Digest digest, long size, SortedMap<String, String> annotations, Platform platform) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size must not be negative: " + size);
    }
    // A private natural-order copy: the caller's map may use another comparator or change later.
    annotations = Collections.unmodifiableSortedMap(annotations == null ? new TreeMap<>() : new TreeMap<>(annotations));
  }

  /** A descriptor without annotations and platform. */
  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null);
  }

  /** The descriptor of an image config blob with these exact bytes. */
  public static Descriptor ofConfig(byte[] configJson) {
    return new Descriptor(MediaTypes.CONFIG, Digest.of(configJson), configJson.length);
  }

  /** The descriptor of a manifest blob with these exact bytes. */
  public static Descriptor ofManifest(byte[] manifestJson) {
    return new Descriptor(MediaTypes.MANIFEST, Digest.of(manifestJson), manifestJson.length);
  }

  public Descriptor withAnnotations(SortedMap<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, newAnnotations, platform);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, annotations, newPlatform);
  }
}
