package dev.bunny.oci;

/** How a layer blob is compressed. */
public enum Compression {
  GZIP(MediaTypes.LAYER_TAR_GZIP),
  /** zstd: faster and smaller than gzip, but older runtimes cannot pull it (see the README). */
  ZSTD(MediaTypes.LAYER_TAR_ZSTD),
  NONE(MediaTypes.LAYER_TAR);

  private final String mediaType;

  Compression(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The OCI layer media type of a blob compressed this way. */
  public String mediaType() {
    return mediaType;
  }
}
