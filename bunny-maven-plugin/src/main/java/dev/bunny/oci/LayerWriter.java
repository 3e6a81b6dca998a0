package dev.bunny.oci;

import dev.bunny.fs.AlignedRead;
import dev.bunny.fs.AtomicFiles;
import dev.bunny.fs.FileStamp;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.WriteFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a {@link FileTree} as a deterministic layer tar, optionally gzip- or zstd-compressed.
 *
 * <p>Everything is streamed: file contents pass through one 1 MiB buffer and a few 1 MiB chunks,
 * and the blob digest (of the bytes on disk) and the diff ID (of the uncompressed tar) are
 * computed on the way out. The calling thread only reads and frames the tar; compressing, both
 * digests and the disk write each run on their own thread ({@link BackgroundOutputStream}).
 *
 * <p>Determinism: entries come in the tree's order with owners 0:0 and empty owner names, the
 * given mtime and no other times ({@link TarHeaders}); the gzip header and the block layout are
 * fixed ({@link ParallelGzipOutputStream}). The deflate stream comes from the JVM's zlib: identical zlib builds give
 * identical bytes, but a different deflate implementation (e.g. zlib-ng) may compress differently.
 * The diff ID never depends on it. zstd layers come from the zstd library bundled with zstd-jni,
 * always in its multi-threaded mode, whose output does not depend on the number of workers
 * ({@link ZstdStreams}).
 */
public final class LayerWriter {

  /** Copy and buffer size: big chunks keep per-call overhead low for multi-GB files. */
  static final int BUFFER_SIZE = 1 << 20;

  private static final byte[] ZEROS = new byte[512];

  /** zlib's default level: the usual speed/size trade-off, and what other image builders use. */
  static final int GZIP_LEVEL = 6;

  private LayerWriter() {}

  /**
   * Writes {@code tree} as a tar (optionally gzip-compressed) into {@code file}, computing digest
   * (of the bytes written) and diffId (of the uncompressed tar) on the fly. {@code createdBy} goes
   * into the image history. The file appears only once complete.
   *
   * @throws IOException if reading a source or writing fails, or a file changed size since the
   *     tree was built
   */
  public static Layer write(FileTree tree, long mtimeEpochSeconds, Compression compression, Path file, String createdBy)
      throws IOException {
    return writeLayer(tree, mtimeEpochSeconds, compression, file, createdBy, null);
  }

  /**
   * As {@link #write(FileTree, long, Compression, Path, String)}, also passing every byte written
   * to {@code file} to {@code copy}, on a thread of its own ({@link OciArchiveWriter#streamLayer}
   * puts the blob into an archive this way while it is produced). {@code copy} is closed at the end.
   */
  public static Layer write(FileTree tree, long mtimeEpochSeconds, Compression compression, Path file, String createdBy,
      OutputStream copy) throws IOException {
    return writeLayer(tree, mtimeEpochSeconds, compression, file, createdBy, Objects.requireNonNull(copy, "copy"));
  }

  private static Layer writeLayer(FileTree tree, long mtimeEpochSeconds, Compression compression, Path file,
      String createdBy, OutputStream copy) throws IOException {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(compression, "compression");
    TarHeaders.checkMtime(mtimeEpochSeconds);
    Path temp = AtomicFiles.sibling(file);
    try {
      DigestingOutputStream blob = new DigestingOutputStream(OutputStream.nullOutputStream());
      // Uncompressed, the blob is the tar itself: its digest is the diff ID too, so the tar is
      // digested once and goes straight to the blob's threads.
      DigestingOutputStream tarDigest = compression == Compression.NONE ? blob
          : new DigestingOutputStream(OutputStream.nullOutputStream());
      try (OutputStream fileOut = WriteFailure.naming(file, Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW))) {
        // This thread only reads the sources and copies them, framed as a tar, into chunks; the
        // compressor, the diff ID, the disk write and the blob digest each take them on their own
        // thread (BackgroundOutputStream). Closing the tar side closes the whole chain in order.
        OutputStream[] blobSinks = copy == null ? new OutputStream[] {fileOut, blob} : new OutputStream[] {fileOut, blob, copy};
        if (compression == Compression.NONE) {
          try (OutputStream tar = new BackgroundOutputStream("bunny-layer-blob", blobSinks)) {
            writeTar(tar, tree, mtimeEpochSeconds);
          }
        } else {
          try (OutputStream blobSide = new BackgroundOutputStream("bunny-layer-blob", blobSinks);
              OutputStream tar = new BackgroundOutputStream("bunny-layer-tar", compress(blobSide, compression), tarDigest)) {
            writeTar(tar, tree, mtimeEpochSeconds);
          }
        }
      }
      AtomicFiles.commitFile(temp, file);
      Descriptor descriptor = new Descriptor(compression.mediaType(), blob.digest(), blob.count());
      return new Layer(file, descriptor, tarDigest.digest(), createdBy, FileStamp.of(file));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** zstd's default level, what {@code zstd} and other image builders use. */
  static final int ZSTD_LEVEL = 3;

  /** The one place that chooses the compressor: gzip and zstd both compress on every core. */
  private static OutputStream compress(OutputStream out, Compression compression) throws IOException {
    switch (compression) {
      case GZIP:
        return new ParallelGzipOutputStream(out, GZIP_LEVEL, Runtime.getRuntime().availableProcessors());
      case ZSTD:
        return ZstdStreams.compress(out, ZSTD_LEVEL, Runtime.getRuntime().availableProcessors());
      default:
        throw new IllegalArgumentException("not a compression: " + compression);
    }
  }

  private static void writeTar(OutputStream tar, FileTree tree, long mtime) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    for (TreeEntry entry : tree.entries()) {
      writeEntry(tar, entry, mtime, buffer);
    }
    tar.write(new byte[TarHeaders.END_OF_ARCHIVE]); // what TarArchiveOutputStream.finish() writes
  }

  /** Header from commons-compress ({@link TarHeaders#encode}), content and padding from here. */
  private static void writeEntry(OutputStream tar, TreeEntry entry, long mtime, byte[] buffer) throws IOException {
    switch (entry.kind()) {
      case DIRECTORY:
        tar.write(TarHeaders.encode(TarHeaders.directory(entry.path(), entry.mode(), mtime)));
        break;
      case SYMLINK:
        tar.write(TarHeaders.encode(TarHeaders.symlink(entry.path(), entry.linkTarget(), mtime)));
        break;
      case FILE:
        tar.write(TarHeaders.encode(TarHeaders.file(entry.path(), entry.mode(), entry.size(), mtime)));
        copyExactly(entry, tar, buffer);
        tar.write(ZEROS, 0, TarHeaders.padding(entry.size()));
        break;
      default:
        throw new IllegalArgumentException("unknown entry kind " + entry.kind());
    }
  }

  /**
   * Copies exactly the size recorded in the tree: the header is already written, so a file that
   * grew or shrank since would give a corrupt tar.
   */
  private static void copyExactly(TreeEntry entry, OutputStream out, byte[] buffer) throws IOException {
    long remaining = entry.size();
    try (InputStream in = AlignedRead.open(entry.source())) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changedSize(entry, "shrank");
        }
        out.write(buffer, 0, n);
        remaining -= n;
      }
      if (in.read() >= 0) {
        throw changedSize(entry, "grew");
      }
    }
  }

  private static IOException changedSize(TreeEntry entry, String how) {
    return new IOException(
        entry.source() + " (for /" + entry.path() + ", from " + entry.origin() + ") " + how
            + " while the layer was written (it had " + entry.size()
            + " bytes when the build started); is something still writing it?");
  }
}
