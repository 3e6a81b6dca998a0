package dev.bunny.fs;

import java.util.ArrayList;
import java.util.List;

/** Normalises destination paths inside an archive root and orders them parents first. */
public final class ArchivePath {

  private ArchivePath() {}

  /**
   * Turns a user-written destination ({@code /conf/redis.conf}, {@code conf//x}, {@code ./a})
   * into the archive form ({@code conf/redis.conf}); the root itself becomes {@code ""}.
   *
   * @throws TreeException if a {@code ..} component would leave the root
   */
  public static String normalize(String destination, String origin) throws TreeException {
    if (destination.indexOf('\0') >= 0) {
      throw new TreeException(origin + ": destination contains a NUL character");
    }
    List<String> parts = new ArrayList<>();
    for (String part : destination.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new TreeException(
            origin
                + ": destination '"
                + destination
                + "' uses '..'; destinations must stay inside the image root, write an absolute path such as /conf/file");
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /** The parent of an archive path, or {@code ""} for a top-level entry. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last component of an archive path. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Joins an archive directory path and a child name. */
  public static String child(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /**
   * Orders paths component by component, so a directory always sorts before everything inside
   * it and siblings sort by their UTF-16 name (stable on every machine and locale).
   */
  public static int compare(String a, String b) {
    // Char by char, without cutting out components (this runs n log n times on every tree): equal
    // chars, '/' included, go on; where they differ, a component that ends there is the shorter
    // one and sorts first, otherwise the two chars decide.
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca == '/') {
          return -1;
        }
        if (cb == '/') {
          return 1;
        }
        return ca - cb;
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
