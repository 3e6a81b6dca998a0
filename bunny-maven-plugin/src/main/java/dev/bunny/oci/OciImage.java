package dev.bunny.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Everything needed to write an image: the layer blobs on disk and the exact config and manifest
 * bytes (their digests are the image's identity, so they are computed from these bytes only).
 */
public record OciImage(byte[] configJson, byte[] manifestJson, List<Layer> layers, Platform platform) {

  public OciImage {
    configJson = Objects.requireNonNull(configJson, "configJson").clone();
    manifestJson = Objects.requireNonNull(manifestJson, "manifestJson").clone();
    layers = List.copyOf(layers);
    Objects.requireNonNull(platform, "platform");
  }

  /**
   * Builds the manifest for {@code config} and {@code layers} and returns the image.
   *
   * @throws IllegalArgumentException if the config's diff IDs are not the layers' diff IDs
   */
  public static OciImage of(ImageConfig config, List<Layer> layers, SortedMap<String, String> manifestAnnotations) {
    List<Digest> layerDiffIds = new ArrayList<>();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (Layer l : layers) {
      layerDiffIds.add(l.diffId());
      layerDescriptors.add(l.descriptor());
    }
    if (!layerDiffIds.equals(config.diffIds())) {
      throw new IllegalArgumentException(
          "the image config lists diff IDs " + config.diffIds() + " but the layers have " + layerDiffIds);
    }
    byte[] configJson = config.toJson();
    byte[] manifestJson = new Manifest(Descriptor.ofConfig(configJson), layerDescriptors, manifestAnnotations).toJson();
    return new OciImage(configJson, manifestJson, layers, config.platform());
  }

  @Override
  public byte[] configJson() {
    return configJson.clone();
  }

  @Override
  public byte[] manifestJson() {
    return manifestJson.clone();
  }

  public Digest configDigest() {
    return Digest.of(configJson);
  }

  public Digest manifestDigest() {
    return Digest.of(manifestJson);
  }

  public Descriptor configDescriptor() {
    return Descriptor.ofConfig(configJson);
  }

  /** The manifest's descriptor as an index lists it: with {@code annotations} and this platform. */
  public Descriptor manifestDescriptor(SortedMap<String, String> annotations) {
    return new Descriptor(MediaTypes.MANIFEST, manifestDigest(), manifestJson.length, annotations, platform);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OciImage other
        && java.util.Arrays.equals(configJson, other.configJson)
        && java.util.Arrays.equals(manifestJson, other.manifestJson)
        && layers.equals(other.layers)
        && platform.equals(other.platform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(configJson), java.util.Arrays.hashCode(manifestJson), layers, platform);
  }

  @Override
  public String toString() {
    return "OciImage[manifest=" + manifestDigest() + ", config=" + configDigest() + ", layers=" + layers.size()
        + ", platform=" + platform + "]";
  }
}
