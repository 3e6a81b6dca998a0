package dev.bunny.run;

import dev.bunny.oci.Descriptor;
import dev.bunny.oci.OciLayoutReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies single files out of an image's layers into local files, streaming (kernels and initrds can be large). */
final class ImageFiles {

  private ImageFiles() {}

  /**
   * Extracts the regular file at {@code imagePath} into {@code target}; later layers win.
   *
   * @return false when no layer holds a regular file at that path
   */
  static boolean extract(Path layoutDir, OciLayoutReader.Image image, String imagePath, Path target) throws IOException {
    String wanted = imagePath.replaceAll("^/+", "");
    boolean[] found = {false};
    for (Descriptor layer : image.layers()) {
      OciLayoutReader.walkLayer(layoutDir, layer, (entry, content) -> {
        if (entry.path().equals(wanted) && entry.type() == OciLayoutReader.EntryType.FILE) {
          Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
          found[0] = true;
        }
        return true;
      });
    }
    return found[0];
  }
}
