package dev.bunny.source;

import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.oci.MediaTypes;
import dev.bunny.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes gzip layer blobs entry by entry, including what no well-behaved builder writes
 * (whiteouts, hard links, device nodes, {@code ..} names), and wraps them as a {@link SourceImage}.
 */
public final class LayerFixture {

  private final Path dir;
  private final List<SourceLayer> layers = new ArrayList<>();
  private ByteArrayOutputStream tarBytes;
  private int cutTrailer;
  private TarArchiveOutputStream tar;

  public LayerFixture(Path dir) {
    this.dir = dir;
  }

  public LayerFixture layer() throws IOException {
    finishLayer();
    tarBytes = new ByteArrayOutputStream();
    tar = new TarArchiveOutputStream(tarBytes);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    return this;
  }

  /**
   * Ends the current layer right after the last file's content, without its padding and the two
   * zero blocks, as umoci 0.4 writes layers.
   */
  public LayerFixture withoutTrailer(int lastContentBytes) {
    cutTrailer = lastContentBytes;
    return this;
  }

  public LayerFixture dir(String name, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040000 | mode);
    return put(e, null);
  }

  public LayerFixture file(String name, int mode, String content) throws IOException {
    return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
  }

  public LayerFixture file(String name, int mode, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100000 | mode);
    e.setSize(bytes.length);
    return put(e, bytes);
  }

  public LayerFixture symlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    e.setMode(0120777);
    return put(e, null);
  }

  public LayerFixture hardlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    return put(e, null);
  }

  public LayerFixture device(String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
    e.setDevMajor(5);
    e.setDevMinor(1);
    return put(e, null);
  }

  public LayerFixture whiteout(String name) throws IOException {
    return file(name, 0644, "");
  }

  private LayerFixture put(TarArchiveEntry e, byte[] content) throws IOException {
    tar.putArchiveEntry(e);
    if (content != null) {
      tar.write(content);
    }
    tar.closeArchiveEntry();
    return this;
  }

  private void finishLayer() throws IOException {
    if (tar == null) {
      return;
    }
    tar.finish();
    tar.close();
    byte[] uncompressed = tarBytes.toByteArray();
    if (cutTrailer > 0) {
      // content ends at: total - 1024 (two zero blocks) - padding of the last entry to 512
      int padding = (512 - cutTrailer % 512) % 512;
      uncompressed = java.util.Arrays.copyOf(uncompressed, uncompressed.length - 1024 - padding);
      cutTrailer = 0;
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(uncompressed);
    }
    byte[] blob = gz.toByteArray();
    Digest digest = Digest.of(blob);
    Path file = dir.resolve("blob-" + layers.size());
    Files.write(file, blob);
    layers.add(new SourceLayer(new Descriptor(MediaTypes.LAYER_TAR_GZIP, digest, blob.length), Digest.of(uncompressed), file));
    tar = null;
  }

  public SourceImage image(String reference) throws IOException {
    return image(reference, "{}");
  }

  /** An image whose config's {@code config} object is {@code processJson}. */
  public SourceImage image(String reference, String processJson) throws IOException {
    finishLayer();
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + processJson + "}")
        .getBytes(StandardCharsets.UTF_8);
    return new SourceImage(reference, Digest.of(config), new Platform("linux", "amd64"), config, layers);
  }
}
