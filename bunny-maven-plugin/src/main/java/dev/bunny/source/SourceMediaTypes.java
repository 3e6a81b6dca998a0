package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.MediaTypes;
import java.util.List;
import java.util.Map;

/** The media types source images come with (OCI and Docker), and what they mean to a build. */
final class SourceMediaTypes {

  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
  static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  static final String OCI_NONDISTRIBUTABLE_PREFIX = "application/vnd.oci.image.layer.nondistributable.";
  static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** What a registry is asked for: every manifest and index type we read. */
  static final List<String> ACCEPT = List.of(MediaTypes.MANIFEST, MediaTypes.INDEX, DOCKER_MANIFEST, DOCKER_LIST);

  private SourceMediaTypes() {}

  static boolean isIndex(String mediaType) {
    return MediaTypes.INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
  }

  static boolean isManifest(String mediaType) {
    return MediaTypes.MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /**
   * The media type of a manifest or index document: its own {@code mediaType} member, else the
   * type it was served or listed with, else what its members say (OCI allows leaving it out).
   *
   * @throws BuildFailure for schema 1 manifests and documents that are neither
   */
  static String documentType(Map<String, Object> json, String declared, String what) throws BuildFailure {
    Object schema = json.get("schemaVersion");
    if (schema instanceof Number n && n.intValue() == 1 || DOCKER_SCHEMA1.equals(declared)
        || DOCKER_SCHEMA1_SIGNED.equals(declared)) {
      throw new BuildFailure(what + " is a Docker schema 1 manifest, a format registries have deprecated and that"
          + " bunny does not read; push the image again with a current tool (docker push, or skopeo copy, which"
          + " converts it), or use an oci: or oci-archive: reference");
    }
    String own = SourceJson.optString(json, "mediaType", what);
    String type = own != null ? own : declared;
    if (type == null || !(isIndex(type) || isManifest(type))) {
      if (own == null && json.containsKey("manifests")) {
        type = MediaTypes.INDEX;
      } else if (own == null && json.containsKey("config") && json.containsKey("layers")) {
        type = MediaTypes.MANIFEST;
      }
    }
    if (type == null || !(isIndex(type) || isManifest(type))) {
      throw new BuildFailure(what + " has media type " + (type == null ? "(none)" : type) + ", not an image manifest"
          + " or index (" + String.join(", ", ACCEPT) + "); is the reference an image?");
    }
    return type;
  }

  /**
   * The OCI media type of a layer of a source image (Docker's are mapped: same bytes, same
   * digest).
   *
   * @throws BuildFailure for foreign and non-distributable layers and for what is no filesystem layer
   */
  static String layerType(String mediaType, String what) throws BuildFailure {
    if (DOCKER_FOREIGN_LAYER.equals(mediaType) || mediaType.startsWith(OCI_NONDISTRIBUTABLE_PREFIX)) {
      throw new BuildFailure(what + " is a foreign (non-distributable) layer (" + mediaType + "): its content lives"
          + " outside the registry under another license, and bunny does not fetch or redistribute it; pick an"
          + " image without such layers");
    }
    switch (mediaType) {
      case DOCKER_LAYER_GZIP:
        return MediaTypes.LAYER_TAR_GZIP;
      case DOCKER_LAYER_TAR:
        return MediaTypes.LAYER_TAR;
      case MediaTypes.LAYER_TAR:
      case MediaTypes.LAYER_TAR_GZIP:
      case OCI_LAYER_ZSTD:
        return mediaType;
      default:
        throw new BuildFailure(what + " has media type " + mediaType + ", not a filesystem layer (tar, tar+gzip or"
            + " tar+zstd); is the reference a container image?");
    }
  }

  /** Whether a config media type is an image config. */
  static boolean isImageConfig(String mediaType) {
    return MediaTypes.CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }
}
