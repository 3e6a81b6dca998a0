package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import java.io.IOException;

/**
 * Turns an image reference (a registry image, {@code oci:<dir>[:tag]} or {@code
 * oci-archive:<file>[:tag]}) into one image for one platform, with its config and layer blobs
 * available as local files. The build reads source images only through this interface.
 */
public interface ImageResolver {

  /**
   * Resolves {@code reference}; an index is narrowed to the manifest {@code platform} picks.
   *
   * @param what what the image is for, for messages (e.g. {@code kernel.from})
   * @throws BuildFailure when the image cannot be found, reached or read, or offers no matching
   *     platform; the message names the reference and says what to fix
   */
  SourceImage resolve(ImageReference reference, PlatformChoice platform, String what) throws BuildFailure, IOException;
}
