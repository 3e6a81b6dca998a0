package dev.bunny.build;

import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.source.ImageResolver;
import dev.bunny.spec.ImageSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a build needs: what to build (the spec), where the inputs are, how to name and stamp
 * the result, and where the outputs go.
 *
 * @param spec the image content
 * @param baseDir relative local paths in the spec resolve against this directory
 * @param name image repository and tags
 * @param timestamp seconds since the epoch stamped on every entry and on the image
 * @param compression layer compression
 * @param layoutDir the OCI image layout directory to write
 * @param archiveFile the OCI archive tar to write
 * @param digestFile the file that receives the manifest digest
 * @param images reads the images the spec takes files or layers from; null when it takes none
 */
public record BuildRequest(
    ImageSpec spec,
    Path baseDir,
    ImageName name,
    long timestamp,
    Compression compression,
    Path layoutDir,
    Path archiveFile,
    Path digestFile,
    ImageResolver images) {

  /** A request whose spec takes nothing from other images. */
  public BuildRequest(ImageSpec spec, Path baseDir, ImageName name, long timestamp, Compression compression,
      Path layoutDir, Path archiveFile, Path digestFile) {
    this(spec, baseDir, name, timestamp, compression, layoutDir, archiveFile, digestFile, null);
  }

  public BuildRequest {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(layoutDir, "layoutDir");
    Objects.requireNonNull(archiveFile, "archiveFile");
    Objects.requireNonNull(digestFile, "digestFile");
  }
}
