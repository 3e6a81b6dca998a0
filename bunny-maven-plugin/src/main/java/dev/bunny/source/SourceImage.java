package dev.bunny.source;

import dev.bunny.oci.Digest;
import dev.bunny.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * One resolved source image: its manifest digest, its config bytes and its layers (bottom first),
 * each a verified blob file on disk.
 *
 * @param reference the reference as the user wrote it, for messages
 * @param manifestDigest the digest of the image manifest (not of an index around it)
 * @param platform the platform of the chosen manifest
 * @param configJson the image config blob, verbatim
 * @param layers the layers, bottom first
 */
public record SourceImage(String reference, Digest manifestDigest, Platform platform, byte[] configJson,
    List<SourceLayer> layers) {

  public SourceImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(configJson, "configJson");
    layers = List.copyOf(layers);
  }
}
