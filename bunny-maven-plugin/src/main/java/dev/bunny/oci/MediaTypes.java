package dev.bunny.oci;

/** Media types and constants of the OCI image specification (v1.0, understood by every runtime we target). */
public final class MediaTypes {

  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** Image spec v1.1 names it; v1.0 runtimes that only know the two above refuse such layers. */
  public static final String LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** The {@code imageLayoutVersion} written into the {@code oci-layout} file. */
  public static final String IMAGE_LAYOUT_VERSION = "1.0.0";

  private MediaTypes() {}
}
