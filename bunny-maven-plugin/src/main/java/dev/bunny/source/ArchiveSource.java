package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.fs.AlignedRead;
import dev.bunny.oci.Descriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An {@code oci-archive:<file>[:tag]} source: a tar of an OCI layout (as {@code bunny:build}
 * writes it; a {@code manifest.json} for docker next to it is ignored). The tar is streamed, never
 * held in memory: a first pass keeps {@code index.json} and the small blobs (manifests, configs),
 * a second extracts the layers the pull cache lacks into it, checked on the way.
 */
final class ArchiveSource implements ContentSource {

  /** Blobs up to this size are kept from the first pass (manifests, indexes and configs are). */
  static final long KEEP_SMALL = 256 * 1024;

  /** At most this much is kept in all. */
  static final long KEEP_TOTAL = 32L << 20;

  private final ImageReference reference;
  private final Path file;
  private final PullCache cache;
  private final BuildLog log;
  private final String where;
  private byte[] indexJson;
  private boolean dockerManifest;
  private final Map<String, byte[]> small = new HashMap<>();

  ArchiveSource(ImageReference reference, Path file, PullCache cache, BuildLog log) {
    this.reference = reference;
    this.file = file;
    this.cache = cache;
    this.log = log;
    this.where = "the OCI archive " + file;
  }

  /** An entry name without a leading {@code ./} or {@code /}. */
  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.substring(n.startsWith("/") ? 1 : 2);
    }
    return n;
  }

  private TarArchiveInputStream open() throws IOException {
    InputStream in = new BufferedInputStream(AlignedRead.open(file), 1 << 16);
    return new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
  }

  private void scan() throws BuildFailure, IOException {
    if (indexJson != null) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new BuildFailure("'" + reference + "': " + file + (Files.isDirectory(file) ? " is a directory; for an OCI"
          + " layout directory write oci:" + reference.path() : " does not exist") + "; oci-archive: names a tar of an"
          + " OCI image layout (relative to the project directory)");
    }
    long kept = 0;
    try (TarArchiveInputStream tar = open()) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        String name = clean(e.getName());
        if (name.equals("index.json")) {
          indexJson = tar.readNBytes((int) Math.min(e.getSize(), LayoutSource.MAX_SMALL));
        } else if (name.equals("manifest.json")) {
          dockerManifest = true;
        } else if (name.startsWith("blobs/") && e.getSize() <= KEEP_SMALL && kept + e.getSize() <= KEEP_TOTAL) {
          small.put(name, tar.readNBytes((int) e.getSize()));
          kept += e.getSize();
        }
      }
    } catch (IOException e) {
      throw new BuildFailure("'" + reference + "': cannot read " + file + " as a tar archive: " + e.getMessage());
    }
    if (indexJson == null) {
      throw new BuildFailure("'" + reference + "': " + file + " has no index.json, so it is not an OCI archive"
          + (dockerManifest ? " (it looks like a docker save archive; convert it with skopeo copy docker-archive:"
          + file.getFileName() + " oci-archive:<file>)" : ""));
    }
  }

  @Override
  public Document root() throws BuildFailure, IOException {
    scan();
    Descriptor d = LayoutIndex.select(indexJson, reference.tag(), reference.text(), where);
    return new Document(small(d), d.mediaType(), d.digest());
  }

  @Override
  public byte[] manifest(Descriptor descriptor) throws BuildFailure, IOException {
    return small(descriptor);
  }

  @Override
  public byte[] config(Descriptor descriptor) throws BuildFailure, IOException {
    return small(descriptor);
  }

  private byte[] small(Descriptor d) throws BuildFailure, IOException {
    if (d.size() > LayoutSource.MAX_SMALL) {
      throw new BuildFailure("'" + reference + "': blob " + d.digest() + " in " + where + " is larger than "
          + (LayoutSource.MAX_SMALL >> 20) + " MiB; not a manifest or config");
    }
    String name = d.digest().blobPath();
    byte[] bytes = small.get(name);
    if (bytes == null) {
      try (TarArchiveInputStream tar = open()) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          if (e.isFile() && clean(e.getName()).equals(name)) {
            bytes = tar.readNBytes((int) Math.min(e.getSize(), LayoutSource.MAX_SMALL));
            break;
          }
        }
      }
    }
    if (bytes == null) {
      throw missing(d);
    }
    return ContentSource.checked(bytes, d, "'" + reference + "' (" + where + ")");
  }

  private BuildFailure missing(Descriptor d) {
    return new BuildFailure("'" + reference + "': " + where + " lacks the blob " + d.digest() + " its images refer to;"
        + " the archive is incomplete");
  }

  @Override
  public List<Path> layers(List<Descriptor> layers) throws BuildFailure, IOException {
    Map<String, Descriptor> wanted = new LinkedHashMap<>();
    for (Descriptor d : layers) {
      if (cache.has(d.digest(), d.size())) {
        log.debug("using cached layer " + d.digest() + " of " + reference);
      } else {
        wanted.put(d.digest().blobPath(), d);
      }
    }
    if (!wanted.isEmpty()) {
      log.debug("extracting " + wanted.size() + " layer(s) of " + reference + " into the pull cache " + cache.dir());
      try (TarArchiveInputStream tar = open()) {
        TarArchiveEntry e;
        while (!wanted.isEmpty() && (e = tar.getNextEntry()) != null) {
          Descriptor d = e.isFile() ? wanted.get(clean(e.getName())) : null;
          if (d == null) {
            continue;
          }
          try (PullCache.Pending pending = cache.begin(d)) {
            tar.transferTo(pending.stream());
            pending.commit();
          } catch (PullCache.MismatchException m) {
            throw new BuildFailure("'" + reference + "': layer " + d.digest() + " in " + where + " does not match"
                + " its digest or size (" + m.getMessage() + "); the archive is damaged");
          }
          wanted.remove(clean(e.getName()));
        }
      }
      if (!wanted.isEmpty()) {
        throw missing(wanted.values().iterator().next());
      }
    }
    List<Path> files = new ArrayList<>();
    for (Descriptor d : layers) {
      files.add(cache.blob(d.digest()));
    }
    return files;
  }

  @Override
  public void close() {
    small.clear();
  }
}
