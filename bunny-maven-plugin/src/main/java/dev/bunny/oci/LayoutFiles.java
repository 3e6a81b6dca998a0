package dev.bunny.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The small metadata files of an image layout, shared by the directory and the archive writer so
 * both hold the same bytes.
 */
final class LayoutFiles {

  /** Annotation skopeo, umoci and podman match a layout reference ({@code oci:dir:tag}) against. */
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** Annotation containerd ({@code ctr images import}, Docker 25+) takes the image name from. */
  static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

  private LayoutFiles() {}

  /** {@code oci-layout}: {@code {"imageLayoutVersion":"1.0.0"}}. */
  static byte[] ociLayout() {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("imageLayoutVersion", MediaTypes.IMAGE_LAYOUT_VERSION);
      g.writeEndObject();
    });
  }

  /**
   * {@code index.json}: the manifest once per tag. {@code ref.name} is the bare tag (what {@code
   * oci:<dir>:<tag>} selects); the containerd name is fully qualified, as containerd and CRI
   * clients look images up by that form.
   */
  static byte[] index(OciImage image, ImageName name) {
    List<Descriptor> manifests = new ArrayList<>();
    for (String tag : name.tags()) {
      SortedMap<String, String> annotations = new TreeMap<>();
      annotations.put(CONTAINERD_IMAGE_NAME, name.canonicalReference(tag));
      annotations.put(REF_NAME, tag);
      manifests.add(image.manifestDescriptor(annotations));
    }
    return Json.write(g -> {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", 2);
      g.writeStringField("mediaType", MediaTypes.INDEX);
      g.writeArrayFieldStart("manifests");
      for (Descriptor d : manifests) {
        Json.descriptor(g, d);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * Docker's own {@code manifest.json}, which {@code docker load} before Docker 25 needs:
   * {@code [{"Config":"blobs/sha256/..","RepoTags":[..],"Layers":[..]}]}.
   */
  static byte[] dockerManifest(OciImage image, ImageName name) {
    return Json.write(g -> {
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringField("Config", image.configDigest().blobPath());
      Json.stringArray(g, "RepoTags", name.references());
      g.writeArrayFieldStart("Layers");
      for (Layer layer : image.layers()) {
        g.writeString(layer.descriptor().digest().blobPath());
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
    });
  }

  /**
   * Every blob of the image by its path ({@code blobs/sha256/<hex>}), in name order; a layer that
   * appears twice is stored once.
   */
  static SortedMap<String, Blob> blobs(OciImage image) {
    SortedMap<String, Blob> blobs = new TreeMap<>();
    for (Layer layer : image.layers()) {
      blobs.putIfAbsent(layer.descriptor().digest().blobPath(), new Blob(layer.descriptor(), layer, null));
    }
    byte[] config = image.configJson();
    blobs.put(image.configDigest().blobPath(), new Blob(image.configDescriptor(), null, config));
    byte[] manifest = image.manifestJson();
    blobs.put(image.manifestDigest().blobPath(), new Blob(Descriptor.ofManifest(manifest), null, manifest));
    return blobs;
  }

  /** A blob to store: either a layer file or bytes in memory (config, manifest). */
  record Blob(Descriptor descriptor, Layer layer, byte[] bytes) {}
}
