package dev.bunny.build;

import dev.bunny.fs.ArchivePath;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.TreeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files the plugin itself places in the image (kernel, rootfs file, {@code /urunc.json}): no
 * user file may take their place, sit on top of them or block their parent directories.
 */
final class ReservedPaths {

  private final Map<String, String> originByPath = new LinkedHashMap<>();

  ReservedPaths reserve(String imagePath, String origin) throws TreeException {
    String path = ArchivePath.normalize(imagePath, origin);
    for (Map.Entry<String, String> r : originByPath.entrySet()) {
      if (clash(path, r.getKey())) {
        throw new TreeException(origin + " and " + r.getValue() + " both want /" + path
            + "; give them different paths in the image");
      }
    }
    originByPath.put(path, origin);
    return this;
  }

  /** Fails when an entry of {@code tree} collides with a reserved path. */
  void check(FileTree tree) throws TreeException {
    List<String> clashes = new ArrayList<>();
    for (TreeEntry e : tree.entries()) {
      for (Map.Entry<String, String> r : originByPath.entrySet()) {
        String reserved = r.getKey();
        boolean ancestorDirectory = e.isDirectory() && reserved.startsWith(e.path() + "/");
        if (!ancestorDirectory && clash(e.path(), reserved)) {
          clashes.add("/" + e.path() + " (from " + e.origin() + ") collides with /" + reserved + " (" + r.getValue() + ")");
        }
      }
    }
    if (!clashes.isEmpty()) {
      throw new TreeException(String.join("; ", clashes) + "; move the included file elsewhere or change the "
          + "kernel/rootfs target");
    }
  }

  private static boolean clash(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
