package dev.bunny.oci;

import dev.bunny.fs.AtomicFiles;
import dev.bunny.fs.WriteFailure;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes an OCI image layout directory: {@code oci-layout}, {@code index.json} and {@code
 * blobs/sha256/*}. The layout is assembled in a hidden sibling directory and renamed into place,
 * so {@code dir} is either absent/empty or complete.
 */
public final class OciLayoutWriter {

  private OciLayoutWriter() {}

  /**
   * Writes an OCI image layout directory at {@code dir} (must not exist or be empty). index.json
   * lists the manifest once per tag, each with {@code org.opencontainers.image.ref.name=<tag>},
   * {@code io.containerd.image.name=<fully qualified repo:tag>} and the platform. Layer blobs are
   * hard-linked from the layers' files when on the same filesystem, copied otherwise.
   */
  public static void write(OciImage image, ImageName name, Path dir) throws IOException {
    requireAbsentOrEmpty(dir);
    Path temp = AtomicFiles.sibling(dir);
    try {
      Files.createDirectory(temp);
      write(temp, dir, "oci-layout", LayoutFiles.ociLayout());
      Files.createDirectories(temp.resolve("blobs").resolve(Digest.SHA256));
      for (Map.Entry<String, LayoutFiles.Blob> e : LayoutFiles.blobs(image).entrySet()) {
        LayoutFiles.Blob blob = e.getValue();
        if (blob.layer() != null) {
          placeLayer(blob.layer(), temp.resolve(e.getKey()), dir.resolve(e.getKey()));
        } else {
          write(temp, dir, e.getKey(), blob.bytes());
        }
      }
      write(temp, dir, "index.json", LayoutFiles.index(image, name));
      Files.deleteIfExists(dir); // only an empty directory can be here, checked above
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir);
      }
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  private static void requireAbsentOrEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("cannot write the OCI layout to " + dir + ": it exists and is not a directory");
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      if (children.iterator().hasNext()) {
        throw new IOException(
            "cannot write the OCI layout to " + dir + ": the directory is not empty; delete it (mvn clean) first");
      }
    }
  }

  /**
   * Hard-links the layer file when possible: layers can be gigabytes, and LayerWriter never
   * rewrites a file in place (it renames a new one over it), so sharing the inode is safe.
   */
  private static void placeLayer(Layer layer, Path target, Path shownAs) throws IOException {
    long size = Files.size(layer.file());
    if (size != layer.descriptor().size()) {
      throw new IOException(
          "layer file " + layer.file() + " has " + size + " bytes but was written with " + layer.descriptor().size()
              + "; it changed after it was built");
    }
    try {
      Files.createLink(target, layer.file());
    } catch (FileSystemException | UnsupportedOperationException notLinkable) {
      // another filesystem, or links not supported: copy instead
      try {
        Files.copy(layer.file(), target);
      } catch (IOException e) {
        throw WriteFailure.of(shownAs, e);
      }
    }
  }

  /** Writes {@code relative} in the layout being built; a failure names its final place in {@code dir}. */
  private static void write(Path temp, Path dir, String relative, byte[] bytes) throws IOException {
    try {
      Files.write(temp.resolve(relative), bytes);
    } catch (IOException e) {
      throw WriteFailure.of(dir.resolve(relative), e);
    }
  }
}
