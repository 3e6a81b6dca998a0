package dev.bunny.oci;

import dev.bunny.fs.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an image as one OCI archive tar: the layout of {@link OciLayoutWriter} plus Docker's
 * {@code manifest.json}, so {@code skopeo}, {@code podman load}, {@code ctr images import} and
 * {@code docker load} (old and new) all accept it.
 */
public final class OciArchiveWriter {

  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;

  private OciArchiveWriter() {}

  /**
   * Writes {@code tarFile} (replacing it once complete) with entries in a fixed order: {@code
   * oci-layout}, {@code blobs/}, {@code blobs/sha256/}, the blobs sorted by name, {@code
   * index.json}, {@code manifest.json}; all with mtime {@code mtimeEpochSeconds}, owners 0:0,
   * mode 0644 (files) or 0755 (directories). Layer files are checked against their digests while
   * they are copied.
   */
  public static void write(OciImage image, ImageName name, long mtimeEpochSeconds, Path tarFile) throws IOException {
    TarHeaders.checkMtime(mtimeEpochSeconds);
    Path temp = AtomicFiles.sibling(tarFile);
    try {
      try (OutputStream fileOut = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
          TarArchiveOutputStream tar =
              TarHeaders.open(new BufferedOutputStream(fileOut, LayerWriter.BUFFER_SIZE))) {
        long t = mtimeEpochSeconds;
        putBytes(tar, "oci-layout", LayoutFiles.ociLayout(), t);
        putDirectory(tar, "blobs", t);
        putDirectory(tar, "blobs/" + Digest.SHA256, t);
        byte[] buffer = new byte[LayerWriter.BUFFER_SIZE];
        for (Map.Entry<String, LayoutFiles.Blob> e : LayoutFiles.blobs(image).entrySet()) {
          LayoutFiles.Blob blob = e.getValue();
          if (blob.layer() != null) {
            putLayer(tar, e.getKey(), blob.layer(), t, buffer);
          } else {
            putBytes(tar, e.getKey(), blob.bytes(), t);
          }
        }
        putBytes(tar, "index.json", LayoutFiles.index(image, name), t);
        putBytes(tar, "manifest.json", LayoutFiles.dockerManifest(image, name), t);
        tar.finish();
      }
      AtomicFiles.commitFile(temp, tarFile);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void putDirectory(TarArchiveOutputStream tar, String path, long mtime) throws IOException {
    tar.putArchiveEntry(TarHeaders.directory(path, DIRECTORY_MODE, mtime));
    tar.closeArchiveEntry();
  }

  private static void putBytes(TarArchiveOutputStream tar, String path, byte[] bytes, long mtime) throws IOException {
    tar.putArchiveEntry(TarHeaders.file(path, FILE_MODE, bytes.length, mtime));
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** Streams a layer file into the archive, failing if it no longer matches its descriptor. */
  private static void putLayer(TarArchiveOutputStream tar, String path, Layer layer, long mtime, byte[] buffer)
      throws IOException {
    Descriptor d = layer.descriptor();
    tar.putArchiveEntry(TarHeaders.file(path, FILE_MODE, d.size(), mtime));
    MessageDigest sha256 = Digest.sha256();
    long remaining = d.size();
    try (InputStream in = Files.newInputStream(layer.file())) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          break;
        }
        sha256.update(buffer, 0, n);
        tar.write(buffer, 0, n);
        remaining -= n;
      }
      if (remaining > 0 || in.read() >= 0 || !Digest.of(sha256).equals(d.digest())) {
        throw new IOException(
            "layer file " + layer.file() + " no longer matches " + d.digest() + " (" + d.size()
                + " bytes); it changed after it was built, rebuild the image");
      }
    }
    tar.closeArchiveEntry();
  }
}
