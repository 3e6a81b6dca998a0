package dev.bunny.build;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.fs.TreeException;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Turns resolved includes, or single files, into validated trees. */
public final class RootfsTrees {

  private RootfsTrees() {}

  /** A tree of local includes only (the {@code initrd} goal reads no images). */
  public static FileTree fromIncludes(List<ResolvedInclude> includes) throws TreeException, BuildFailure {
    for (ResolvedInclude inc : includes) {
      if (inc.isFromImage()) {
        throw new BuildFailure(inc.origin() + ": files from images are packaged by bunny:build; this goal takes"
            + " local files only");
      }
    }
    try {
      return fromIncludes(includes, null);
    } catch (IOException e) {
      throw new TreeException(e.getMessage());
    }
  }

  /**
   * A tree of local includes and includes from images, in order: an image's whole filesystem as
   * a base comes first, and later includes may replace its files.
   */
  static FileTree fromIncludes(List<ResolvedInclude> includes, SourceReader images)
      throws TreeException, BuildFailure, IOException {
    FileTreeBuilder builder = new FileTreeBuilder();
    for (ResolvedInclude inc : includes) {
      if (inc.isFromImage()) {
        builder.addEntries(images.copy(inc), inc.mode(), inc.base());
      } else {
        builder.add(inc.source(), inc.destination(), inc.mode(), inc.origin());
      }
    }
    return builder.build();
  }

  /** A tree holding one local file at {@code imagePath}, keeping its permission bits. */
  static FileTree single(Path source, String imagePath, String origin) throws TreeException {
    FileTreeBuilder builder = new FileTreeBuilder();
    builder.addFile(source, dev.bunny.fs.ArchivePath.normalize(imagePath, origin), origin);
    return builder.build();
  }

  /** A tree holding one file the build generated, with a fixed mode. */
  static FileTree generated(Path source, String imagePath, int mode, String origin) throws TreeException {
    return new FileTreeBuilder().addGenerated(source, imagePath, mode, origin).build();
  }
}
