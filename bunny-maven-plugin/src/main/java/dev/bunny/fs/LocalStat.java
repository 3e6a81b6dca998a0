package dev.bunny.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What a tree needs to know about a local path (its kind, normalised mode and size), read with one
 * {@code lstat}: a final symlink is not followed. Walking a directory with {@code walkFileTree} and
 * then reading each entry's mode costs two; on a 20,000-entry tree the second one was a third of
 * the walk.
 */
record LocalStat(Kind kind, int mode, long size) {

  enum Kind { DIRECTORY, FILE, SYMLINK, OTHER }

  static LocalStat of(Path path) throws IOException {
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(path, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      return withoutUnixView(path);
    }
    int raw = (Integer) unix.get("mode");
    return new LocalStat(kind(raw & ModeBits.TYPE_MASK), ModeBits.normalise(raw), (Long) unix.get("size"));
  }

  private static Kind kind(int type) {
    switch (type) {
      case ModeBits.TYPE_DIRECTORY:
        return Kind.DIRECTORY;
      case ModeBits.TYPE_FILE:
        return Kind.FILE;
      case ModeBits.TYPE_SYMLINK:
        return Kind.SYMLINK;
      default:
        return Kind.OTHER;
    }
  }

  /** Filesystems without the unix attribute view (not Linux or macOS): two reads, as before. */
  private static LocalStat withoutUnixView(Path path) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Kind kind = attrs.isDirectory() ? Kind.DIRECTORY
        : attrs.isRegularFile() ? Kind.FILE
        : attrs.isSymbolicLink() ? Kind.SYMLINK
        : Kind.OTHER;
    return new LocalStat(kind, kind == Kind.SYMLINK ? 0777 : ModeBits.of(path), attrs.size());
  }
}
