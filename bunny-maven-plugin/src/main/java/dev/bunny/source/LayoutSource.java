package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.fs.AlignedRead;
import dev.bunny.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** An {@code oci:<dir>[:tag]} source: blobs are read, checked, and used where they are. */
final class LayoutSource implements ContentSource {

  /** Manifests, indexes and configs larger than this are refused (they are kilobytes in practice). */
  static final long MAX_SMALL = 64L << 20;

  private final ImageReference reference;
  private final Path dir;
  private final String where;

  LayoutSource(ImageReference reference, Path dir) {
    this.reference = reference;
    this.dir = dir;
    this.where = "the OCI layout " + dir;
  }

  @Override
  public Document root() throws BuildFailure, IOException {
    if (!Files.isDirectory(dir)) {
      throw new BuildFailure("'" + reference + "': " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
          + "; oci: names an OCI image layout directory (relative to the project directory)"
          + (Files.isRegularFile(dir) ? "; for a tar of one write oci-archive:" + reference.path() : ""));
    }
    byte[] index;
    try {
      index = Files.readAllBytes(dir.resolve("index.json"));
    } catch (NoSuchFileException e) {
      throw new BuildFailure("'" + reference + "': " + dir + " has no index.json, so it is not an OCI image layout");
    }
    Descriptor d = LayoutIndex.select(index, reference.tag(), reference.text(), where);
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
    Path file = existing(d);
    if (d.size() > MAX_SMALL || Files.size(file) > MAX_SMALL) {
      throw new BuildFailure("'" + reference + "': blob " + d.digest() + " in " + where + " is larger than "
          + (MAX_SMALL >> 20) + " MiB; not a manifest or config");
    }
    return ContentSource.checked(Files.readAllBytes(file), d, "'" + reference + "' (" + where + ")");
  }

  private Path existing(Descriptor d) throws BuildFailure {
    Path file = dir.resolve(d.digest().blobPath());
    if (!Files.isRegularFile(file)) {
      throw new BuildFailure("'" + reference + "': " + where + " lacks the blob " + d.digest() + " its images refer"
          + " to; the layout is incomplete");
    }
    return file;
  }

  @Override
  public List<Path> layers(List<Descriptor> layers) throws BuildFailure, IOException {
    List<Path> files = new ArrayList<>();
    for (Descriptor d : layers) {
      Path file = existing(d);
      MessageDigest md = PullCache.hasher(d.digest().algorithm());
      long size = 0;
      byte[] buffer = new byte[256 * 1024];
      try (InputStream in = AlignedRead.open(file)) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          md.update(buffer, 0, n);
          size += n;
        }
      }
      if (size != d.size() || !HexFormat.of().formatHex(md.digest()).equals(d.digest().hex())) {
        throw new BuildFailure("'" + reference + "': layer " + d.digest() + " in " + where + " does not match its"
            + " digest or size (" + size + " bytes, " + d.size() + " expected); the layout is damaged");
      }
      files.add(file);
    }
    return files;
  }

  @Override
  public void close() {
    // nothing open
  }
}
