package dev.bunny.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects local files and directories into a {@link FileTree}, enforcing the rules every archive
 * we write obeys.
 *
 * <ul>
 *   <li>Nothing lands outside the root: {@code ..} in a destination is refused.
 *   <li>Symlinks inside included directories are stored as symlinks and never followed; an entry
 *       that would be written <em>through</em> a stored symlink is refused, since extracting it
 *       could land outside the root.
 *   <li>Two sources writing the same path is an error naming both (directories merge).
 *   <li>Hard links become independent copies; devices, FIFOs and sockets are refused.
 *   <li>Missing parent directories are added (mode 0755).
 * </ul>
 *
 * Only metadata is held in memory; file contents are read when the tree is archived.
 */
public final class FileTreeBuilder {

  private final Map<String, TreeEntry> byPath = new HashMap<>();

  /** Paths a base (an image's filesystem) put there, which later additions may replace. */
  private final Set<String> replaceable = new HashSet<>();

  /** The mode the current {@link #add} call forces, or null. */
  private Integer forcedMode;

  /**
   * Adds {@code source} at {@code destination}. A directory source adds its contents below
   * {@code destination}; a file source whose destination ends in {@code /} goes inside that
   * directory under its own name. A symlink given directly as the source is followed.
   */
  public FileTreeBuilder add(Path source, String destination, String origin) throws TreeException {
    return add(source, destination, null, origin);
  }

  /**
   * Like {@link #add(Path, String, String)}, forcing {@code mode} (when not null) on every file
   * and directory added, as {@code COPY --chmod} does; symlinks keep 0777.
   */
  public FileTreeBuilder add(Path source, String destination, Integer mode, String origin) throws TreeException {
    forcedMode = mode;
    try {
      return addSource(source, destination, origin);
    } finally {
      forcedMode = null;
    }
  }

  private FileTreeBuilder addSource(Path source, String destination, String origin) throws TreeException {
    if (!Files.exists(source)) {
      throw new TreeException(origin + ": source '" + source + "' does not exist");
    }
    String dest = ArchivePath.normalize(destination, origin);
    if (Files.isDirectory(source)) {
      addDirectory(source, dest, origin);
    } else {
      if (destination.endsWith("/") || dest.isEmpty()) {
        dest = ArchivePath.child(dest, source.getFileName().toString());
      }
      addFile(source, dest, origin);
    }
    return this;
  }

  /**
   * Adds entries read from elsewhere (an image's filesystem), with the same checks as local
   * files. {@code mode}, when not null, is forced on files and directories ({@code COPY --chmod}).
   *
   * @param base whether later additions may replace these entries, as files added on top of a base
   *     image replace the image's own
   */
  public FileTreeBuilder addEntries(List<TreeEntry> entries, Integer mode, boolean base) throws TreeException {
    forcedMode = mode;
    try {
      for (TreeEntry e : entries) {
        put(e);
        if (base) {
          replaceable.add(e.path());
        }
      }
    } finally {
      forcedMode = null;
    }
    return this;
  }

  /**
   * Adds a file the build generated itself (an initrd, {@code urunc.json}) with a fixed mode, so
   * the umask of the machine running the build cannot change it.
   */
  public FileTreeBuilder addGenerated(Path source, String destination, int mode, String origin) throws TreeException {
    String dest = ArchivePath.normalize(destination, origin);
    try {
      put(TreeEntry.file(dest, mode, Files.size(source), source, origin));
    } catch (IOException e) {
      throw new TreeException(origin + ": cannot read '" + source + "': " + e.getMessage());
    }
    return this;
  }

  /** Adds one regular file (a symlink is followed) at the normalised archive path {@code dest}. */
  public FileTreeBuilder addFile(Path source, String dest, String origin) throws TreeException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new TreeException(origin + ": '" + source + "' is " + describe(source, attrs) + "; only regular files, directories and symlinks can be packaged");
      }
      put(TreeEntry.file(dest, ModeBits.of(source.toRealPath()), attrs.size(), source, origin));
    } catch (NoSuchFileException e) {
      throw new TreeException(origin + ": source '" + source + "' does not exist");
    } catch (IOException e) {
      throw new TreeException(origin + ": cannot read '" + source + "': " + e.getMessage());
    }
    return this;
  }

  /**
   * Walks the directory itself rather than with {@code Files.walkFileTree}: one {@code lstat} per
   * entry gives kind, mode and size together ({@link LocalStat}). The visiting order does not
   * matter, {@link #build} sorts.
   */
  private void addDirectory(Path given, String dest, String origin) throws TreeException {
    try {
      // A symlink named directly as the source is followed (like a file source); links found
      // inside the walk are stored as links.
      Path root = Files.isSymbolicLink(given) ? given.toRealPath() : given;
      if (!dest.isEmpty()) {
        put(TreeEntry.directory(dest, LocalStat.of(root).mode(), origin));
      }
      Deque<Path> dirs = new ArrayDeque<>(List.of(root));
      Deque<String> dirPaths = new ArrayDeque<>(List.of(dest));
      while (!dirs.isEmpty()) {
        Path dir = dirs.pop();
        String dirPath = dirPaths.pop();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
          for (Path child : children) {
            String path = ArchivePath.child(dirPath, child.getFileName().toString());
            LocalStat stat = LocalStat.of(child);
            switch (stat.kind()) {
              case DIRECTORY:
                put(TreeEntry.directory(path, stat.mode(), origin));
                dirs.push(child);
                dirPaths.push(path);
                break;
              case FILE:
                put(TreeEntry.file(path, stat.mode(), stat.size(), child, origin));
                break;
              case SYMLINK:
                put(TreeEntry.symlink(path, Files.readSymbolicLink(child).toString(), origin));
                break;
              default:
                throw new TreeException(origin + ": '" + child + "' is a device node, FIFO or socket"
                    + "; device nodes, FIFOs and sockets cannot be packaged, remove it from the included directory");
            }
          }
        }
      }
    } catch (IOException e) {
      throw new TreeException(origin + ": cannot read '" + given + "': " + e.getMessage());
    }
  }

  private static String describe(Path p, BasicFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return "a directory";
    }
    if (attrs.isOther()) {
      return "a device node, FIFO or socket";
    }
    return "not a regular file";
  }

  private void put(TreeEntry given) throws TreeException {
    TreeEntry entry = forcedMode == null || given.kind() == TreeEntry.Kind.SYMLINK ? given
        : new TreeEntry(given.path(), given.kind(), forcedMode, given.size(), given.source(), given.linkTarget(), given.origin());
    if (entry.path().isEmpty()) {
      throw new TreeException(entry.origin() + ": a file cannot be written at the image root itself; give a file name as destination");
    }
    TreeEntry existing = byPath.get(entry.path());
    if (existing != null && replaceable.remove(entry.path())) {
      if (!(existing.isDirectory() && entry.isDirectory())) {
        String prefix = entry.path() + "/";
        byPath.keySet().removeIf(p -> p.startsWith(prefix) && replaceable.remove(p));
      }
      byPath.put(entry.path(), entry);
      return;
    }
    if (existing != null) {
      if (existing.isDirectory() && entry.isDirectory()) {
        return; // merging two directories is fine; the first one's mode wins
      }
      throw new TreeException(
          "/" + entry.path() + " is written twice: by " + existing.origin() + " and by " + entry.origin()
              + "; give each include its own destination");
    }
    byPath.put(entry.path(), entry);
  }

  /** Validates and orders the collected entries, adding missing parent directories. */
  public FileTree build() throws TreeException {
    for (TreeEntry e : new ArrayList<>(byPath.values())) {
      String parent = ArchivePath.parent(e.path());
      while (!parent.isEmpty()) {
        TreeEntry p = byPath.get(parent);
        if (p == null) {
          p = TreeEntry.directory(parent, ModeBits.DIRECTORY_DEFAULT, "parent of " + e.origin());
          byPath.put(parent, p);
        } else if (p.kind() == TreeEntry.Kind.SYMLINK) {
          throw new TreeException("/" + e.path() + " (from " + e.origin() + ") would be written through the symlink /"
              + p.path() + " -> " + p.linkTarget() + " (from " + p.origin()
              + "), which could place it outside the image root; change the destination or remove the symlink");
        } else if (p.kind() == TreeEntry.Kind.FILE) {
          throw new TreeException("/" + e.path() + " (from " + e.origin() + ") needs /" + p.path()
              + " to be a directory, but " + p.origin() + " writes a file there");
        } else {
          // A directory already in the tree: its own turn in this loop (or the climb that added
          // it) checks the rest of the way up.
          break;
        }
        parent = ArchivePath.parent(parent);
      }
    }
    List<TreeEntry> all = new ArrayList<>(byPath.values());
    all.sort((a, b) -> ArchivePath.compare(a.path(), b.path()));
    return new FileTree(all);
  }
}
