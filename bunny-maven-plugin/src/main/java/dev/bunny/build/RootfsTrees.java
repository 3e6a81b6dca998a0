package dev.bunny.build;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.fs.TreeException;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import java.nio.file.Path;
import java.util.List;

/** Turns resolved includes, or single files, into validated trees. */
public final class RootfsTrees {

  private RootfsTrees() {}

  public static FileTree fromIncludes(List<ResolvedInclude> includes) throws TreeException {
    FileTreeBuilder builder = new FileTreeBuilder();
    for (ResolvedInclude inc : includes) {
      builder.add(inc.source(), inc.destination(), inc.mode(), inc.origin());
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
