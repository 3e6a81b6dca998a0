package dev.bunny.oci;

import dev.bunny.fs.AlignedRead;
import dev.bunny.fs.AtomicFiles;
import dev.bunny.fs.WriteFailure;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes an image as one OCI archive tar: the layout of {@link OciLayoutWriter} plus Docker's
 * {@code manifest.json}, so {@code skopeo}, {@code podman load}, {@code ctr images import} and
 * {@code docker load} (old and new) all accept it.
 *
 * <p>Layers are most of an image, often gigabytes, so they never pass through here twice: a layer
 * the build is writing is streamed into the archive at the same time as into its own file
 * ({@link #streamLayer}), and a layer that already exists goes from file to archive with a kernel
 * copy ({@link FileChannel#transferTo}). (Copying a 1 GiB layer after the fact took 0.4 s on two
 * cores with nothing else to do; streamed, the write runs beside the compressor.) The tar framing
 * is therefore written here rather than through {@code TarArchiveOutputStream}; commons-compress
 * still formats every header ({@link TarHeaders#encode}), so the bytes are those it would write.
 *
 * <p>Entry order, fixed: {@code oci-layout}, {@code blobs/}, {@code blobs/sha256/}, the streamed
 * layers in the order they were streamed, the other blobs sorted by name, {@code index.json},
 * {@code manifest.json}; all with mtime {@code mtimeEpochSeconds}, owners 0:0, mode 0644 (files)
 * or 0755 (directories). Nothing appears at the target path until {@link #finish} completes.
 */
public final class OciArchiveWriter implements Closeable {

  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;
  private static final int RECORD = TarConstants.DEFAULT_RCDSIZE;

  /** Writes a layer file, passing every byte of the blob to {@code copy} as well. */
  @FunctionalInterface
  public interface LayerSource {
    Layer write(OutputStream copy) throws IOException;
  }

  private final Path tarFile;
  private final Path temp;
  private final long mtime;
  private final FileChannel out;
  private final Set<String> written = new HashSet<>();
  private boolean finished;

  private OciArchiveWriter(Path tarFile, long mtimeEpochSeconds) throws IOException {
    TarHeaders.checkMtime(mtimeEpochSeconds);
    this.tarFile = tarFile;
    this.temp = AtomicFiles.sibling(tarFile);
    this.mtime = mtimeEpochSeconds;
    this.out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      putBytes("oci-layout", LayoutFiles.ociLayout());
      putHeader(TarHeaders.directory("blobs", DIRECTORY_MODE, mtime));
      putHeader(TarHeaders.directory("blobs/" + Digest.SHA256, DIRECTORY_MODE, mtime));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts an archive for {@code tarFile}; add layers with {@link #streamLayer}, end with {@link
   * #finish}. Closing without finishing deletes what was written.
   */
  public static OciArchiveWriter open(Path tarFile, long mtimeEpochSeconds) throws IOException {
    return new OciArchiveWriter(tarFile, mtimeEpochSeconds);
  }

  /**
   * Writes {@code tarFile} (replacing it once complete) for an image whose layers all exist as
   * files. A layer file is checked against its digest while it is copied, unless it is provably
   * the file the build wrote and digested ({@link Layer#unchangedSinceWritten()}).
   */
  public static void write(OciImage image, ImageName name, long mtimeEpochSeconds, Path tarFile) throws IOException {
    try (OciArchiveWriter archive = open(tarFile, mtimeEpochSeconds)) {
      archive.finish(image, name);
    }
  }

  /**
   * Runs {@code source}, which writes a layer, and puts the blob bytes it passes on into the archive
   * as they come. The entry's header, which names the blob by its digest, is filled in afterwards.
   * A blob already in the archive is dropped again, and one too big for a single header record
   * (8 GiB and up, which needs a PAX size record) is copied from its file instead.
   */
  public Layer streamLayer(LayerSource source) throws IOException {
    requireOpen();
    long start = out.position();
    writeFully(out, ByteBuffer.allocate(RECORD)); // the header's place, filled in below
    Layer layer;
    try {
      layer = source.write(new EntryContent());
    } catch (IOException | RuntimeException e) {
      close(); // the entry is incomplete: this archive can never be finished
      throw e;
    }
    Descriptor d = layer.descriptor();
    String path = d.digest().blobPath();
    long streamed = out.position() - start - RECORD;
    if (streamed != d.size()) {
      close();
      throw new IOException("layer " + layer.file() + ": " + streamed + " bytes were streamed into the archive, but the layer has " + d.size());
    }
    byte[] header = TarHeaders.encode(TarHeaders.file(path, FILE_MODE, d.size(), mtime));
    if (written.contains(path) || header.length != RECORD) {
      out.truncate(start);
      out.position(start);
      if (written.add(path)) {
        putLayer(path, layer);
      }
      return layer;
    }
    writeFully(out, ByteBuffer.wrap(header), start);
    pad(d.size());
    written.add(path);
    return layer;
  }

  /** Adds every blob not streamed yet, index.json and manifest.json, and moves the archive in place. */
  public void finish(OciImage image, ImageName name) throws IOException {
    requireOpen();
    Map<String, LayoutFiles.Blob> blobs = LayoutFiles.blobs(image);
    for (String path : written) {
      if (!blobs.containsKey(path)) {
        throw new IOException("the archive " + tarFile + " holds the streamed layer " + path
            + ", which the image does not list; every streamed layer must be one of the image's layers");
      }
    }
    for (Map.Entry<String, LayoutFiles.Blob> e : blobs.entrySet()) {
      if (!written.add(e.getKey())) {
        continue;
      }
      LayoutFiles.Blob blob = e.getValue();
      if (blob.layer() != null) {
        putLayer(e.getKey(), blob.layer());
      } else {
        putBytes(e.getKey(), blob.bytes());
      }
    }
    putBytes("index.json", LayoutFiles.index(image, name));
    putBytes("manifest.json", LayoutFiles.dockerManifest(image, name));
    writeFully(out, ByteBuffer.allocate(TarHeaders.END_OF_ARCHIVE));
    out.close();
    AtomicFiles.commitFile(temp, tarFile);
    finished = true;
  }

  /** Deletes the unfinished archive, if any. */
  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      if (!finished) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private void requireOpen() throws IOException {
    if (finished || !out.isOpen()) {
      throw new IOException("the archive " + tarFile + " is already finished or closed");
    }
  }

  /** Appends at the channel's position; closing it leaves the channel open (the writer owns it). */
  private final class EntryContent extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writeFully(out, ByteBuffer.wrap(b, off, len));
    }
  }

  private void putHeader(TarArchiveEntry entry) throws IOException {
    writeFully(out, ByteBuffer.wrap(TarHeaders.encode(entry)));
  }

  private void putBytes(String path, byte[] bytes) throws IOException {
    putHeader(TarHeaders.file(path, FILE_MODE, bytes.length, mtime));
    writeFully(out, ByteBuffer.wrap(bytes));
    pad(bytes.length);
  }

  /** A layer file into the archive, failing if it no longer matches its descriptor. */
  private void putLayer(String path, Layer layer) throws IOException {
    Descriptor d = layer.descriptor();
    putHeader(TarHeaders.file(path, FILE_MODE, d.size(), mtime));
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
    pad(d.size());
  }

  /** The kernel copies (sendfile or copy_file_range, whatever the JDK picks); no byte enters the JVM. */
  private void copy(FileChannel in, FileChannel out, long size, Layer layer) throws IOException {
    long done = 0;
    while (done < size) {
      long n;
      try {
        n = in.transferTo(done, size - done, out);
      } catch (IOException e) {
        throw WriteFailure.of(tarFile, e);
      }
      if (n <= 0) {
        throw changed(layer); // shrank under us
      }
      done += n;
    }
  }

  /** For blobs the build did not just write (or that were touched since): stream and re-digest. */
  private void copyChecking(FileChannel in, FileChannel out, Layer layer) throws IOException {
    MessageDigest sha256 = Digest.sha256();
    byte[] buffer = new byte[AlignedRead.BUFFER_SIZE];
    long remaining = layer.descriptor().size();
    while (remaining > 0) {
      int n = AlignedRead.read(in, buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw changed(layer);
      }
      sha256.update(buffer, 0, n);
      remaining -= n;
      writeFully(out, ByteBuffer.wrap(buffer, 0, n));
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
  private void pad(long size) throws IOException {
    writeFully(out, ByteBuffer.allocate(TarHeaders.padding(size)));
  }

  private void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
    try {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw WriteFailure.of(tarFile, e);
    }
  }

  private void writeFully(FileChannel out, ByteBuffer bytes, long position) throws IOException {
    try {
      while (bytes.hasRemaining()) {
        position += out.write(bytes, position);
      }
    } catch (IOException e) {
      throw WriteFailure.of(tarFile, e);
    }
  }
}
