package dev.bunny.source;

import dev.bunny.fs.AtomicFiles;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The pull cache: a content-addressed blob store ({@code blobs/sha256/<hex>}, manifests and
 * indexes included) and the digest each registry tag was last resolved to ({@code
 * refs/<registry>/<repository>/_tags/<tag>}). A blob gets its final name only after its sha256
 * and size were checked (written to a hidden sibling, then renamed), so whatever has a name is
 * whole and may be used without reading it again; concurrent builds at worst download twice.
 */
final class PullCache {

  /** A blob whose bytes did not have the expected digest or size. */
  static final class MismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  /** A blob being written: a hashing stream into a hidden temp file; {@link #commit()} names it. */
  final class Pending implements Closeable {
    private final Descriptor expected;
    private final Path temp;
    private final MessageDigest sha256;
    private final OutputStream file;
    private final OutputStream stream;
    private long count;
    private boolean done;

    private Pending(Descriptor expected) throws IOException {
      this.expected = expected;
      this.sha256 = hasher(expected.digest().algorithm());
      Path target = blob(expected.digest());
      this.temp = AtomicFiles.sibling(target);
      this.file = Files.newOutputStream(temp);
      this.stream = new FilterOutputStream(file) {
        @Override
        public void write(int b) throws IOException {
          file.write(b);
          sha256.update((byte) b);
          count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          file.write(b, off, len);
          sha256.update(b, off, len);
          count += len;
        }

        @Override
        public void close() {
          // commit() and close() of Pending close the file
        }
      };
    }

    OutputStream stream() {
      return stream;
    }

    /** Bytes written so far. */
    long count() {
      return count;
    }

    /** Checks digest and size, then gives the blob its name in the store. */
    Path commit() throws IOException, MismatchException {
      file.close();
      Digest got = new Digest(expected.digest().algorithm(), HexFormat.of().formatHex(sha256.digest()));
      if (!got.equals(expected.digest()) || count != expected.size()) {
        throw new MismatchException("got " + count + " bytes with digest " + got + " instead of " + expected.size()
            + " bytes with digest " + expected.digest());
      }
      Path target = blob(expected.digest());
      AtomicFiles.commitFile(temp, target);
      done = true;
      return target;
    }

    @Override
    public void close() {
      try {
        file.close();
      } catch (IOException ignored) {
        // the temp file is deleted below
      }
      if (!done) {
        AtomicFiles.deleteQuietly(temp);
      }
    }
  }

  private final Path dir;

  PullCache(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  /** Where the blob {@code digest} lives (whether or not it is there). */
  Path blob(Digest digest) {
    return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** The file listing the repositories ({@code registry/repository} lines) a blob was pulled from. */
  Path originsFile(Digest digest) {
    return dir.resolve("origins").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * Notes that {@code registry/repository} has the blob, so a push to another repository of that
   * registry can mount it. Best effort: two builds writing at once may lose a line, which only
   * costs an upload.
   */
  void recordOrigin(Digest digest, String registry, String repository) throws IOException {
    Path file = originsFile(digest);
    String line = registry + "/" + repository;
    java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
    if (Files.isRegularFile(file)) {
      lines.addAll(Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (lines.add(line)) {
      Files.createDirectories(file.getParent());
      AtomicFiles.writeString(file, String.join("\n", lines) + "\n");
    }
  }

  /** Whether the store has the blob, with the expected size ({@code size < 0}: any). */
  boolean has(Digest digest, long size) {
    Path p = blob(digest);
    try {
      return Files.isRegularFile(p) && (size < 0 || Files.size(p) == size);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The bytes of a small blob (a manifest, index or config), checked against its digest again
   * (cheap, and a damaged cache entry is then fetched anew instead of failing the build); empty
   * when absent or damaged.
   */
  Optional<byte[]> readSmall(Digest digest) throws IOException {
    Path p = blob(digest);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!matches(bytes, digest)) {
      AtomicFiles.deleteQuietly(p);
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** Stores bytes already checked against {@code d}; a no-op when present. */
  Path putSmall(Digest d, byte[] bytes) throws IOException {
    Path target = blob(d);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return target;
    }
    Path temp = AtomicFiles.sibling(target);
    try {
      Files.write(temp, bytes);
      AtomicFiles.commitFile(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  /** Starts writing the blob {@code expected}; close the result in a finally block. */
  Pending begin(Descriptor expected) throws IOException {
    return new Pending(expected);
  }

  /** The digest {@code registry/repository:tag} was last resolved to, if it ever was. */
  Optional<Digest> tag(String registry, String repository, String tag) throws IOException {
    Path p = tagFile(registry, repository, tag);
    try {
      String text = Files.readString(p, StandardCharsets.UTF_8).trim();
      return Optional.of(Digest.parse(text));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      AtomicFiles.deleteQuietly(p);
      return Optional.empty();
    }
  }

  /** Records what {@code registry/repository:tag} resolves to now. */
  void recordTag(String registry, String repository, String tag, Digest digest) throws IOException {
    AtomicFiles.writeString(tagFile(registry, repository, tag), digest + "\n");
  }

  private Path tagFile(String registry, String repository, String tag) {
    // Repository components start with a letter or digit, so "_tags" never clashes with one; the
    // registry's ':' (port) and brackets are escaped for file systems that refuse them.
    Path p = dir.resolve("refs").resolve(escape(registry));
    for (String component : repository.split("/")) {
      p = p.resolve(component);
    }
    return p.resolve("_tags").resolve(escape(tag));
  }

  /** Percent-escapes all but letters, digits, '.', '_' and '-'. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    String e = b.toString();
    return e.equals(".") || e.equals("..") ? e.replace(".", "%2E") : e;
  }

  /** Whether {@code bytes} have the digest {@code d} (sha256 or sha512). */
  static boolean matches(byte[] bytes, Digest d) {
    MessageDigest md = hasher(d.algorithm());
    return HexFormat.of().formatHex(md.digest(bytes)).equals(d.hex());
  }

  static MessageDigest hasher(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals(Digest.SHA512) ? "SHA-512" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks " + algorithm, e);
    }
  }
}
