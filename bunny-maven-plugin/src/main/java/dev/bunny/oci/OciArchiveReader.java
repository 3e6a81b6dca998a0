package dev.bunny.oci;

import dev.bunny.fs.AlignedRead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Unpacks an OCI archive into a directory so it can be read as a layout. */
public final class OciArchiveReader {

  private OciArchiveReader() {}

  /**
   * Extracts the regular files and directories of {@code archive} into {@code dir}. Links and
   * names that would leave {@code dir} are refused: the archive may come from anywhere.
   */
  public static void extract(Path archive, Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    try (InputStream in = new BufferedInputStream(AlignedRead.open(archive), 1 << 20);
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException(archive + ": entry '" + e.getName() + "' points outside the archive root");
        }
        if (e.isSymbolicLink() || e.isLink() || !(e.isDirectory() || e.isFile())) {
          throw new IOException(archive + ": entry '" + e.getName() + "' is a link or device; an OCI archive holds only files");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
  }
}
