package dev.bunny.fs;

import java.util.Collections;
import java.util.List;

/**
 * A complete, validated tree ready to be archived: every parent directory is present, parents
 * come before their children, paths are unique and sorted component by component, and no entry
 * lies below a symlink. Build one with {@link FileTreeBuilder}.
 */
public final class FileTree {

  private final List<TreeEntry> entries;

  FileTree(List<TreeEntry> entries) {
    this.entries = Collections.unmodifiableList(entries);
  }

  /** Entries in archive order (parents first, then sorted by path component). */
  public List<TreeEntry> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Sum of the content sizes of all files, for progress and size reports. */
  public long contentBytes() {
    long total = 0;
    for (TreeEntry e : entries) {
      if (e.kind() == TreeEntry.Kind.FILE) {
        total += e.size();
      }
    }
    return total;
  }

  public static FileTree empty() {
    return new FileTree(List.of());
  }
}
