package dev.bunny.oci;

import dev.bunny.fs.AlignedRead;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an OCI image layout directory back: {@code index.json} to manifest to config, and layer
 * entries as a stream. Used by the {@code inspect} goal and by tests; it reads what any OCI tool
 * writes (gzip, zstd or plain tar layers), not only our own output.
 */
public final class OciLayoutReader {

  /**
   * One image of a layout.
   *
   * @param refNames the {@code org.opencontainers.image.ref.name} values pointing at it
   * @param annotations the manifest's annotations
   * @param labels the config's {@code config.Labels}
   * @param platform from the config's {@code os} and {@code architecture}
   */
  public record Image(
      Digest manifestDigest,
      String manifestJson,
      String configJson,
      List<String> refNames,
      SortedMap<String, String> annotations,
      SortedMap<String, String> labels,
      List<Descriptor> layers,
      Platform platform) {}

  /** What a tar entry is. */
  public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  /**
   * One layer entry; {@code path} has no leading {@code /} or {@code ./} and no trailing {@code /}.
   * {@code mode} holds the permission bits only.
   */
  public record LayerEntry(
      String path,
      EntryType type,
      int mode,
      long size,
      String linkTarget,
      long uid,
      long gid,
      String userName,
      String groupName,
      long mtimeEpochSeconds) {}

  /** Receives layer entries in order; return false to stop early. */
  @FunctionalInterface
  public interface EntryVisitor {
    boolean visit(LayerEntry entry, InputStream content) throws IOException;
  }

  private OciLayoutReader() {}

  /** Reads the layout's only image (several tags of one manifest count as one image). */
  public static Image read(Path layoutDir) throws IOException {
    return read(layoutDir, null);
  }

  /**
   * Reads the image whose {@code org.opencontainers.image.ref.name} is {@code refName}, or the only
   * image when {@code refName} is null.
   */
  public static Image read(Path layoutDir, String refName) throws IOException {
    Map<String, Object> index = JsonTree.parseObject(readSmall(layoutDir.resolve("index.json")), layoutDir + "/index.json");
    List<Descriptor> entries = new ArrayList<>();
    for (Object node : JsonTree.array(index, "manifests", "index.json")) {
      entries.add(JsonTree.descriptor(node, "index.json manifest"));
    }
    Descriptor chosen = null;
    for (Descriptor d : entries) {
      if (refName == null || refName.equals(d.annotations().get(LayoutFiles.REF_NAME))) {
        if (chosen != null && !chosen.digest().equals(d.digest())) {
          throw new IOException(layoutDir + " holds several images; name one of " + refNames(entries, null));
        }
        chosen = d;
      }
    }
    if (chosen == null) {
      throw new IOException(layoutDir
          + (refName == null ? " holds no image" : " has no image named '" + refName + "'; it has " + refNames(entries, null)));
    }
    if (!MediaTypes.MANIFEST.equals(chosen.mediaType())) {
      throw new IOException("index.json points at " + chosen.mediaType() + "; only " + MediaTypes.MANIFEST + " is supported");
    }
    byte[] manifestBytes = readBlob(layoutDir, chosen);
    Map<String, Object> manifest = JsonTree.parseObject(manifestBytes, "manifest " + chosen.digest());
    Descriptor configDescriptor = JsonTree.descriptor(manifest.get("config"), "manifest config");
    List<Descriptor> layers = new ArrayList<>();
    for (Object node : JsonTree.array(manifest, "layers", "manifest")) {
      layers.add(JsonTree.descriptor(node, "manifest layer"));
    }
    byte[] configBytes = readBlob(layoutDir, configDescriptor);
    Map<String, Object> config = JsonTree.parseObject(configBytes, "config " + configDescriptor.digest());
    return new Image(
        chosen.digest(),
        new String(manifestBytes, StandardCharsets.UTF_8),
        new String(configBytes, StandardCharsets.UTF_8),
        refNames(entries, chosen.digest()),
        JsonTree.stringMap(manifest, "annotations", "manifest"),
        JsonTree.stringMap(JsonTree.object(config, "config", "config"), "Labels", "config"),
        List.copyOf(layers),
        new Platform(JsonTree.string(config, "os", "config"), JsonTree.string(config, "architecture", "config")));
  }

  /** The ref names of all index entries (for messages), or those pointing at {@code digest}. */
  private static List<String> refNames(List<Descriptor> entries, Digest digest) {
    Set<String> names = new LinkedHashSet<>();
    for (Descriptor d : entries) {
      String ref = d.annotations().get(LayoutFiles.REF_NAME);
      if (digest == null) {
        names.add(ref == null ? "(unnamed)" : ref);
      } else if (d.digest().equals(digest) && ref != null) {
        names.add(ref);
      }
    }
    return List.copyOf(names);
  }

  /** Streams the entries of one layer of {@code layoutDir}. */
  public static void walkLayer(Path layoutDir, Descriptor layer, EntryVisitor visitor) throws IOException {
    walkBlob(layoutDir.resolve(layer.digest().blobPath()), layer, visitor);
  }

  /** Streams the entries of the layer blob {@code blob}, which {@code layer} describes. */
  public static void walkBlob(Path blob, Descriptor layer, EntryVisitor visitor) throws IOException {
    try (InputStream raw = new BufferedInputStream(AlignedRead.open(blob), LayerWriter.BUFFER_SIZE);
        InputStream tarBytes = decompress(raw, layer);
        TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry e;
      while ((e = nextEntry(tar)) != null) {
        if (!visitor.visit(toLayerEntry(e), tar)) {
          return;
        }
        tar.transferTo(OutputStream.nullOutputStream()); // a truncated content fails here, loudly
      }
    }
  }

  /**
   * The next entry, or null at the end. Some writers (umoci 0.4) end a layer right after the last
   * file's content, without its padding or the two zero blocks; Go's archive/tar, which containerd
   * and podman use, reads such a layer to the end, and so do we. The content itself was read in full
   * before this point, so nothing is lost.
   */
  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).startsWith("Truncated TAR archive")) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The content of the regular file {@code pathInRootfs} (e.g. {@code /urunc.json}) in the
   * layout's only image, applying layers in order (later layers win, whiteouts delete). Symlinks
   * are not followed; a path that is not a regular file gives empty.
   */
  public static Optional<byte[]> readFile(Path layoutDir, String pathInRootfs) throws IOException {
    return readFile(layoutDir, read(layoutDir), pathInRootfs);
  }

  public static Optional<byte[]> readFile(Path layoutDir, Image image, String pathInRootfs) throws IOException {
    String wanted = clean(pathInRootfs);
    String parent = wanted.contains("/") ? wanted.substring(0, wanted.lastIndexOf('/')) : "";
    byte[] current = null;
    for (Descriptor layer : image.layers()) {
      LayerResult r = new LayerResult();
      walkLayer(layoutDir, layer, (entry, content) -> {
        String p = entry.path();
        if (p.equals(wanted)) {
          r.present = true;
          r.bytes = entry.type() == EntryType.FILE ? readAll(content, entry.size(), p) : null;
        } else if (isWhiteoutOf(p, wanted) || isOpaqueAbove(p, parent)) {
          r.deletedBelow = true;
        } else if (wanted.startsWith(p + "/") && entry.type() != EntryType.DIRECTORY) {
          r.present = true; // an ancestor became a file or symlink: the path is gone
          r.bytes = null;
        }
        return true;
      });
      if (r.present) {
        current = r.bytes;
      } else if (r.deletedBelow) {
        current = null;
      }
    }
    return Optional.ofNullable(current);
  }

  /** What one layer says about the wanted path. */
  private static final class LayerResult {
    boolean present;
    boolean deletedBelow;
    byte[] bytes;
  }

  /** {@code dir/.wh.name} deletes {@code dir/name} (and below) from lower layers. */
  private static boolean isWhiteoutOf(String entryPath, String wanted) {
    int slash = entryPath.lastIndexOf('/');
    String dir = slash < 0 ? "" : entryPath.substring(0, slash);
    String base = entryPath.substring(slash + 1);
    if (!base.startsWith(".wh.") || base.equals(".wh..wh..opq")) {
      return false;
    }
    String deleted = (dir.isEmpty() ? "" : dir + "/") + base.substring(4);
    return wanted.equals(deleted) || wanted.startsWith(deleted + "/");
  }

  /** {@code dir/.wh..wh..opq} hides everything lower layers put below {@code dir}. */
  private static boolean isOpaqueAbove(String entryPath, String wantedParent) {
    if (!entryPath.equals(".wh..wh..opq") && !entryPath.endsWith("/.wh..wh..opq")) {
      return false;
    }
    String dir = entryPath.length() == ".wh..wh..opq".length() ? "" : entryPath.substring(0, entryPath.lastIndexOf('/'));
    return dir.isEmpty() || wantedParent.equals(dir) || wantedParent.startsWith(dir + "/");
  }

  private static byte[] readAll(InputStream in, long size, String path) throws IOException {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("/" + path + " has " + size + " bytes, too large to read into memory");
    }
    return in.readNBytes((int) size);
  }

  private static String clean(String path) {
    String p = path;
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.startsWith("/") ? p.substring(1) : p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static LayerEntry toLayerEntry(TarArchiveEntry e) {
    EntryType type;
    if (e.isDirectory()) {
      type = EntryType.DIRECTORY;
    } else if (e.isSymbolicLink()) {
      type = EntryType.SYMLINK;
    } else if (e.isLink()) {
      type = EntryType.HARDLINK;
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      type = EntryType.OTHER;
    } else if (e.isFile()) {
      type = EntryType.FILE;
    } else {
      type = EntryType.OTHER;
    }
    return new LayerEntry(
        clean(e.getName()),
        type,
        e.getMode() & 07777,
        e.getSize(),
        type == EntryType.SYMLINK || type == EntryType.HARDLINK ? e.getLinkName() : null,
        e.getLongUserId(),
        e.getLongGroupId(),
        e.getUserName(),
        e.getGroupName(),
        e.getLastModifiedTime().toInstant().getEpochSecond());
  }

  /** Uncompresses by media type, or by the gzip or zstd magic for layers of unknown type. */
  private static InputStream decompress(InputStream raw, Descriptor layer) throws IOException {
    String type = layer.mediaType();
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    if (type.endsWith("+zstd") || (!type.endsWith("+gzip") && ZstdStreams.startsLikeZstd(b1, b2))) {
      return ZstdStreams.decompress(raw);
    }
    boolean gzip = type.endsWith("+gzip") || type.endsWith(".gzip") || (b1 == 0x1f && b2 == 0x8b);
    return gzip ? new GZIPInputStream(raw, 64 * 1024) : raw;
  }

  /** Reads a small blob (manifest, config) and checks its digest and size. */
  private static byte[] readBlob(Path layoutDir, Descriptor d) throws IOException {
    byte[] bytes = readSmall(layoutDir.resolve(d.digest().blobPath()));
    if (bytes.length != d.size() || (d.digest().algorithm().equals(Digest.SHA256) && !Digest.of(bytes).equals(d.digest()))) {
      throw new IOException("blob " + d.digest() + " in " + layoutDir + " does not match its digest or size");
    }
    return bytes;
  }

  private static byte[] readSmall(Path file) throws IOException {
    try {
      if (Files.size(file) > 16 * 1024 * 1024) {
        throw new IOException(file + " is larger than 16 MiB; not an image metadata file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " does not exist; is this an OCI image layout?", e);
    }
  }
}
