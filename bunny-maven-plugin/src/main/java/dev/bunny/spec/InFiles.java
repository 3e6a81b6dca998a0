package dev.bunny.spec;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.TreeException;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds which local file the copied files place at an image path: how a Containerfile's
 * {@code binary} label (or bunix's) is traced back to the kernel on disk, to read its header.
 */
final class InFiles {

  private InFiles() {}

  /** The local regular file that lands at {@code imagePath}, or null; the last copy wins. */
  static Path locate(String imagePath, List<ResolvedInclude> files) {
    String want;
    try {
      want = ArchivePath.normalize(imagePath, "path");
    } catch (TreeException e) {
      return null;
    }
    Path found = null;
    for (ResolvedInclude inc : files) {
      if (inc.isFromImage()) {
        continue; // only known once the image is read; the build checks those
      }
      String dest;
      try {
        dest = ArchivePath.normalize(inc.destination(), inc.origin());
      } catch (TreeException e) {
        continue;
      }
      if (Files.isDirectory(inc.source())) {
        String prefix = dest.isEmpty() ? "" : dest + "/";
        if (want.startsWith(prefix)) {
          Path candidate = inc.source().resolve(want.substring(prefix.length()));
          if (Files.isRegularFile(candidate)) {
            found = candidate;
          }
        }
      } else {
        boolean intoDirectory = inc.destination().endsWith("/") || dest.isEmpty();
        String fileDest = intoDirectory ? ArchivePath.child(dest, inc.source().getFileName().toString()) : dest;
        if (fileDest.equals(want)) {
          found = inc.source();
        }
      }
    }
    return found;
  }
}
