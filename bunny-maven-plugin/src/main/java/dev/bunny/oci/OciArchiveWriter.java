package dev.bunny.oci;

import dev.bunny.fs.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Writes an image as one OCI archive tar: the layout of {@link OciLayoutWriter} plus Docker's
 * {@code manifest.json}, so {@code skopeo}, {@code podman load}, {@code ctr images import} and
 * {@code docker load} (old and new) all accept it.
 *
 * <p>The tar framing is written here rather than through {@code TarArchiveOutputStream} so that a
 * layer the build has just written goes from file to archive with a kernel copy
 * ({@link FileChannel#transferTo}), never through the JVM: layers are most of an image, often
 * gigabytes. commons-compress still formats every header ({@link TarHeaders#encode}); the bytes
 * are those {@code TarArchiveOutputStream} would write.
 */
public final class OciArchiveWriter {

  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;

  private OciArchiveWriter() {}

  /**
   * Writes {@code tarFile} (replacing it once complete) with entries in a fixed order: {@code
   * oci-layout}, {@code blobs/}, {@code blobs/sha256/}, the blobs sorted by name, {@code
   * index.json}, {@code manifest.json}; all with mtime {@code mtimeEpochSeconds}, owners 0:0,
   * mode 0644 (files) or 0755 (directories). A layer file is checked against its digest while it
   * is copied, unless it is provably the file the build wrote and digested
   * ({@link Layer#unchangedSinceWritten()}).
   */
  public static void write(OciImage image, ImageName name, long mtimeEpochSeconds, Path tarFile) throws IOException {
    TarHeaders.checkMtime(mtimeEpochSeconds);
    Path temp = AtomicFiles.sibling(tarFile);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long t = mtimeEpochSeconds;
        putBytes(out, "oci-layout", LayoutFiles.ociLayout(), t);
        putHeader(out, TarHeaders.directory("blobs", DIRECTORY_MODE, t));
        putHeader(out, TarHeaders.directory("blobs/" + Digest.SHA256, DIRECTORY_MODE, t));
        for (Map.Entry<String, LayoutFiles.Blob> e : LayoutFiles.blobs(image).entrySet()) {
          LayoutFiles.Blob blob = e.getValue();
          if (blob.layer() != null) {
            putLayer(out, e.getKey(), blob.layer(), t);
          } else {
            putBytes(out, e.getKey(), blob.bytes(), t);
          }
        }
        putBytes(out, "index.json", LayoutFiles.index(image, name), t);
        putBytes(out, "manifest.json", LayoutFiles.dockerManifest(image, name), t);
        finish(out);
      }
      AtomicFiles.commitFile(temp, tarFile);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void putHeader(FileChannel out, TarArchiveEntry entry) throws IOException {
    writeFully(out, ByteBuffer.wrap(TarHeaders.encode(entry)));
  }

  private static void putBytes(FileChannel out, String path, byte[] bytes, long mtime) throws IOException {
    putHeader(out, TarHeaders.file(path, FILE_MODE, bytes.length, mtime));
    writeFully(out, ByteBuffer.wrap(bytes));
    pad(out, bytes.length);
  }

  /** A layer file into the archive, failing if it no longer matches its descriptor. */
  private static void putLayer(FileChannel out, String path, Layer layer, long mtime) throws IOException {
    Descriptor d = layer.descriptor();
    putHeader(out, TarHeaders.file(path, FILE_MODE, d.size(), mtime));
    boolean trusted = layer.unchangedSinceWritten();
    try (FileChannel in = FileChannel.open(layer.file(), StandardOpenOption.READ)) {
      if (in.size() != d.size()) {
        throw changed(layer);
      }
      if (trusted) {
        copy(in, out, d.size(), layer);
      } else {
        copyChecking(in, out, layer);
      }
    }
    pad(out, d.size());
  }

  /** The kernel copies (sendfile or copy_file_range, whatever the JDK picks); no byte enters the JVM. */
  private static void copy(FileChannel in, FileChannel out, long size, Layer layer) throws IOException {
    long done = 0;
    while (done < size) {
      long n = in.transferTo(done, size - done, out);
      if (n <= 0) {
        throw changed(layer); // shrank under us
      }
      done += n;
    }
  }

  /** For blobs the build did not just write (or that were touched since): stream and re-digest. */
  private static void copyChecking(FileChannel in, FileChannel out, Layer layer) throws IOException {
    MessageDigest sha256 = Digest.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(LayerWriter.BUFFER_SIZE);
    long remaining = layer.descriptor().size();
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      if (in.read(buffer) < 0) {
        throw changed(layer);
      }
      buffer.flip();
      sha256.update(buffer.array(), 0, buffer.limit());
      remaining -= buffer.limit();
      writeFully(out, buffer);
    }
    if (!Digest.of(sha256).equals(layer.descriptor().digest())) {
      throw changed(layer);
    }
  }

  private static IOException changed(Layer layer) {
    Descriptor d = layer.descriptor();
    return new IOException("layer file " + layer.file() + " no longer matches " + d.digest() + " (" + d.size()
        + " bytes); it changed after it was built, rebuild the image");
  }

  /** Zeros up to the next record boundary after {@code size} bytes of content. */
  private static void pad(FileChannel out, long size) throws IOException {
    writeFully(out, ByteBuffer.allocate(TarHeaders.padding(size)));
  }

  private static void finish(FileChannel out) throws IOException {
    writeFully(out, ByteBuffer.allocate(TarHeaders.END_OF_ARCHIVE));
  }

  private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }
}
