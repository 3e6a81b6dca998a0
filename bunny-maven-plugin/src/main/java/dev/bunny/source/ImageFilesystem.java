package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.TreeEntry;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.oci.OciLayoutReader.EntryType;
import dev.bunny.oci.OciLayoutReader.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The flattened filesystem of a source image: its layers applied in order (later layers win,
 * whiteouts and opaque directories delete what lower layers put there), held as metadata only.
 * File contents are copied out on demand, only for what a build takes.
 *
 * <p>Safety: no image path is ever created on disk. Contents go to numbered files in a work
 * directory and the image's paths stay strings, so a hostile layer ({@code ../x}, symlinks
 * pointing outside, entries written through symlinks) cannot write outside that directory.
 * Symlinks in a path the build asks for are resolved inside the image root, never on the host.
 */
public final class ImageFilesystem {

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final int MAX_SYMLINK_HOPS = 40;

  /**
   * The final state of one path.
   *
   * @param layer the index of the layer holding the content (files)
   * @param ordinal the position of the content's entry in that layer's tar (files)
   */
  private record Node(String path, EntryType type, int mode, long size, String linkTarget, int layer, long ordinal) {
    boolean isDirectory() {
      return type == EntryType.DIRECTORY;
    }

    Node at(String newPath) {
      return new Node(newPath, type, mode, size, linkTarget, layer, ordinal);
    }
  }

  private final SourceImage image;
  private final NavigableMap<String, Node> nodes = new TreeMap<>();
  private final List<String> skipped = new ArrayList<>();

  private ImageFilesystem(SourceImage image) {
    this.image = image;
  }

  /** Reads every layer's entries (not their contents) and applies them in order. */
  public static ImageFilesystem scan(SourceImage image) throws BuildFailure, IOException {
    ImageFilesystem fs = new ImageFilesystem(image);
    for (int i = 0; i < image.layers().size(); i++) {
      fs.apply(i);
    }
    return fs;
  }

  /** Entries the flattened filesystem leaves out (device nodes, FIFOs, broken hard links). */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  private void apply(int layer) throws BuildFailure, IOException {
    SourceLayer l = image.layers().get(layer);
    long[] ordinal = {-1};
    BuildFailure[] failure = {null};
    try {
      OciLayoutReader.walkBlob(l.blob(), l.descriptor(), (entry, content) -> {
        ordinal[0]++;
        String path = checkedPath(entry.path(), layer);
        if (path == null) {
          failure[0] = new BuildFailure("layer " + (layer + 1) + " of the image " + image.reference() + " has the entry '"
              + entry.path() + "', which leaves the image root; the image is malformed or hostile, so it is not used");
          return false;
        }
        applyEntry(entry, path, layer, ordinal[0]);
        return true;
      });
    } catch (IOException e) {
      throw new BuildFailure("cannot read layer " + (layer + 1) + " (" + l.descriptor().digest() + ") of the image "
          + image.reference() + ": " + e.getMessage());
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private void applyEntry(LayerEntry entry, String path, int layer, long ordinal) {
    if (path.isEmpty()) {
      return; // the root directory itself
    }
    String name = ArchivePath.name(path);
    String dir = ArchivePath.parent(path);
    if (name.equals(OPAQUE)) {
      NavigableMap<String, Node> below = subtree(dir);
      below.values().removeIf(n -> n.layer() < layer);
      return;
    }
    if (name.startsWith(WHITEOUT)) {
      remove(ArchivePath.child(dir, name.substring(WHITEOUT.length())));
      return;
    }
    Node node;
    switch (entry.type()) {
      case DIRECTORY:
        node = new Node(path, EntryType.DIRECTORY, entry.mode(), 0, null, layer, ordinal);
        break;
      case FILE:
        node = new Node(path, EntryType.FILE, entry.mode(), entry.size(), null, layer, ordinal);
        break;
      case SYMLINK:
        node = new Node(path, EntryType.SYMLINK, 0777, 0, entry.linkTarget(), layer, ordinal);
        break;
      case HARDLINK:
        Node target = nodes.get(clean(entry.linkTarget()));
        if (target == null || target.type() != EntryType.FILE) {
          skipped.add("/" + path + " (a hard link to " + entry.linkTarget() + ", which is not a file)");
          return;
        }
        node = target.at(path); // an independent copy of the same content
        break;
      default:
        skipped.add("/" + path + " (a device node, FIFO or socket)");
        remove(path);
        return;
    }
    Node old = nodes.get(path);
    if (!(node.isDirectory() && old != null && old.isDirectory())) {
      remove(path); // a file or link replaces whatever was there, with everything below it
    }
    nodes.put(path, node);
  }

  private void remove(String path) {
    nodes.remove(path);
    subtree(path).clear();
  }

  /** Everything strictly below {@code dir} ({@code ""} is the root), as a live view. */
  private NavigableMap<String, Node> subtree(String dir) {
    if (dir.isEmpty()) {
      return nodes;
    }
    return nodes.subMap(dir + "/", true, dir + "/\uffff", true);
  }

  // --- lookups --------------------------------------------------------------------------------

  /**
   * Resolves {@code path} inside the image root, following symlinks on every component the way
   * the guest would see them ({@code ..} stops at the root, absolute targets restart from it).
   *
   * @return the final path ({@code ""} for the root), or null when nothing is there
   */
  public String resolve(String path) throws BuildFailure {
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    String current = "";
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        current = ArchivePath.parent(current);
        continue;
      }
      String next = ArchivePath.child(current, part);
      Node node = nodes.get(next);
      if (node == null) {
        if (subtree(next).isEmpty()) {
          return null;
        }
        current = next; // a directory only implied by the paths below it
      } else if (node.type() == EntryType.SYMLINK) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new BuildFailure("'" + path + "' in the image " + image.reference() + " goes through more than "
              + MAX_SYMLINK_HOPS + " symlinks (a loop?)");
        }
        String target = node.linkTarget();
        List<String> parts = List.of(target.split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        if (target.startsWith("/")) {
          current = "";
        }
      } else {
        if (!todo.isEmpty() && !node.isDirectory() && todo.stream().anyMatch(p -> !p.isEmpty() && !p.equals("."))) {
          return null; // a file used as a directory
        }
        current = next;
      }
    }
    return current;
  }

  /** Whether {@code path} (symlinks followed) is a regular file in the image. */
  public boolean isFile(String path) throws BuildFailure {
    String resolved = resolve(path);
    Node n = resolved == null ? null : nodes.get(resolved);
    return n != null && n.type() == EntryType.FILE;
  }

  /**
   * Copies the regular file at {@code path} (symlinks followed) to {@code target}.
   *
   * @param what what the file is for, for messages ({@code kernel.path})
   */
  public void extractFile(String path, Path target, String what) throws BuildFailure, IOException {
    String resolved = resolve(path);
    Node n = resolved == null ? null : nodes.get(resolved);
    if (n == null || n.type() != EntryType.FILE) {
      throw new BuildFailure(what + ": the image " + image.reference() + " has " + (resolved == null
          ? "no file at " + absolute(path)
          : (n == null || n.isDirectory() ? "a directory" : "no regular file") + " at " + absolute(path))
          + "; " + listingHint(path));
    }
    Map<Long, List<Path>> wanted = new HashMap<>();
    wanted.put(n.ordinal(), List.of(target));
    copyContents(n.layer(), wanted);
  }

  /**
   * The entries {@code COPY --from=<image> source destination} puts into a tree: a file, or a
   * directory with everything below it, re-rooted at {@code destination} (a destination ending in
   * {@code /}, or the root, receives a file under its own name). Contents are copied into numbered
   * files in a new directory below {@code contentDir}.
   *
   * @param destination the normalised archive path
   * @param intoDirectory whether the destination was written with a trailing {@code /}
   * @param origin what to name in messages ({@code rootfs.includes[0] from image ...})
   */
  public List<TreeEntry> copy(String source, String destination, boolean intoDirectory, String origin, Path contentDir)
      throws BuildFailure, IOException {
    String resolved = resolve(source);
    if (resolved == null) {
      throw new BuildFailure(origin + ": the image " + image.reference() + " has nothing at " + absolute(source) + "; "
          + listingHint(source));
    }
    Node top = nodes.get(resolved);
    List<Node> taken = new ArrayList<>();
    String base;
    if (top != null && top.type() == EntryType.FILE) {
      base = intoDirectory || destination.isEmpty() ? ArchivePath.child(destination, ArchivePath.name(clean(source))) : destination;
      taken.add(top);
    } else {
      base = destination;
      if (top != null && !base.isEmpty()) {
        taken.add(top);
      }
      taken.addAll(subtree(resolved).values());
    }
    Files.createDirectories(contentDir);
    Path dir = Files.createTempDirectory(contentDir, "copy");
    Map<Integer, Map<Long, List<Path>>> byLayer = new TreeMap<>();
    Map<String, Path> contentOf = new HashMap<>();
    int seq = 0;
    for (Node n : taken) {
      if (n.type() == EntryType.FILE) {
        Path file = dir.resolve(Integer.toString(seq++));
        contentOf.put(n.path(), file);
        byLayer.computeIfAbsent(n.layer(), k -> new HashMap<>())
            .computeIfAbsent(n.ordinal(), k -> new ArrayList<>()).add(file);
      }
    }
    for (Map.Entry<Integer, Map<Long, List<Path>>> e : byLayer.entrySet()) {
      copyContents(e.getKey(), e.getValue());
    }
    List<TreeEntry> entries = new ArrayList<>();
    for (Node n : taken) {
      String rel = n.path().equals(resolved) ? "" : n.path().substring(resolved.isEmpty() ? 0 : resolved.length() + 1);
      String path = rel.isEmpty() ? base : ArchivePath.child(base, rel);
      switch (n.type()) {
        case DIRECTORY:
          entries.add(TreeEntry.directory(path, n.mode(), origin));
          break;
        case FILE:
          entries.add(TreeEntry.file(path, n.mode(), n.size(), contentOf.get(n.path()), origin));
          break;
        case SYMLINK:
          entries.add(TreeEntry.symlink(path, n.linkTarget(), origin));
          break;
        default:
          break;
      }
    }
    return entries;
  }

  /** Streams one layer once, writing the wanted entries' contents to their files. */
  private void copyContents(int layer, Map<Long, List<Path>> wanted) throws BuildFailure, IOException {
    SourceLayer l = image.layers().get(layer);
    long[] ordinal = {-1};
    int[] left = {wanted.size()};
    byte[] buffer = new byte[1 << 16];
    try {
      OciLayoutReader.walkBlob(l.blob(), l.descriptor(), (entry, content) -> {
        ordinal[0]++;
        List<Path> targets = wanted.get(ordinal[0]);
        if (targets != null) {
          write(content, entry.size(), targets, buffer);
          left[0]--;
        }
        return left[0] > 0;
      });
    } catch (IOException e) {
      throw new BuildFailure("cannot read layer " + (layer + 1) + " (" + l.descriptor().digest() + ") of the image "
          + image.reference() + ": " + e.getMessage());
    }
    if (left[0] > 0) {
      throw new BuildFailure("layer " + (layer + 1) + " of the image " + image.reference()
          + " changed while it was read; build again");
    }
  }

  private static void write(InputStream content, long size, List<Path> targets, byte[] buffer) throws IOException {
    Path first = targets.get(0);
    try (OutputStream out = Files.newOutputStream(first, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long remaining = size;
      while (remaining > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException("the layer ends inside a file");
        }
        out.write(buffer, 0, n);
        remaining -= n;
      }
    }
    for (Path other : targets.subList(1, targets.size())) {
      Files.copy(first, other, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private String listingHint(String path) {
    String parent = ArchivePath.parent(clean(path));
    List<String> names = new ArrayList<>();
    try {
      String dir = resolve(parent);
      if (dir != null) {
        for (Node n : subtree(dir).values()) {
          if (ArchivePath.parent(n.path()).equals(dir) && names.size() < 10) {
            names.add(ArchivePath.name(n.path()) + (n.isDirectory() ? "/" : ""));
          }
        }
      }
    } catch (BuildFailure e) {
      // only a hint
    }
    return names.isEmpty() ? "check the path" : "check the path (" + absolute(parent) + " holds: " + String.join(", ", names) + ")";
  }

  private static String absolute(String path) {
    return "/" + clean(path);
  }

  /** The layer path without leading {@code /} or {@code ./}; null when a component is {@code ..}. */
  private static String checkedPath(String path, int layer) {
    String p = clean(path);
    for (String part : p.split("/")) {
      if (part.equals("..")) {
        return null;
      }
    }
    return p;
  }

  private static String clean(String path) {
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
