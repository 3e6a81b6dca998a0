package dev.bunny.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a filesystem tree to be written into an archive (an initrd or an image layer).
 *
 * <p>{@code path} is relative to the archive root, uses {@code /} separators, has no leading
 * {@code /} or {@code ./}, and never contains {@code .} or {@code ..} components. Owners are
 * always 0:0 and times always the build's output timestamp, so they are not stored here.
 *
 * @param path the path inside the archive root, e.g. {@code conf/redis.conf}
 * @param kind what the entry is
 * @param mode permission bits (including setuid, setgid and sticky), without the file type
 * @param size the content size in bytes for files, the target's UTF-8 length for symlinks, 0 for directories
 * @param source the local file the content is read from (files only)
 * @param linkTarget the symlink target, stored verbatim (symlinks only)
 * @param origin what put the entry there, for error messages (e.g. {@code <include> conf/:/conf})
 */
public record TreeEntry(String path, Kind kind, int mode, long size, Path source, String linkTarget, String origin) {

  /** Entry kinds an archive may hold; devices, FIFOs and sockets are rejected before this point. */
  public enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  public TreeEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(origin, "origin");
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode holds more than permission bits: " + Integer.toOctalString(mode));
    }
    if (kind == Kind.FILE && source == null) {
      throw new IllegalArgumentException("a file entry needs a source: " + path);
    }
    if (kind == Kind.SYMLINK && (linkTarget == null || linkTarget.isEmpty())) {
      throw new IllegalArgumentException("a symlink entry needs a target: " + path);
    }
  }

  public static TreeEntry directory(String path, int mode, String origin) {
    return new TreeEntry(path, Kind.DIRECTORY, mode, 0, null, null, origin);
  }

  public static TreeEntry file(String path, int mode, long size, Path source, String origin) {
    return new TreeEntry(path, Kind.FILE, mode, size, source, null, origin);
  }

  public static TreeEntry symlink(String path, String target, String origin) {
    return new TreeEntry(
        path, Kind.SYMLINK, 0777, target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, null, target, origin);
  }

  public boolean isDirectory() {
    return kind == Kind.DIRECTORY;
  }
}
