package dev.bunny.spec;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands Containerfile-style wildcards ({@code *}, {@code ?}, {@code [..]}) in COPY sources. */
final class Globs {

  private Globs() {}

  static boolean isPattern(String source) {
    return source.indexOf('*') >= 0 || source.indexOf('?') >= 0 || source.indexOf('[') >= 0;
  }

  /**
   * The paths under {@code baseDir} matching {@code pattern}, sorted. Only the directory below the
   * last wildcard-free component is walked, and only as deep as the pattern reaches.
   */
  static List<Path> expand(Path baseDir, String pattern) throws IOException {
    String[] parts = pattern.replace('\\', '/').split("/");
    int fixed = 0;
    while (fixed < parts.length && !isPattern(parts[fixed])) {
      fixed++;
    }
    Path start = baseDir;
    for (int i = 0; i < fixed; i++) {
      start = start.resolve(parts[i]); // InvalidPathException is an IllegalArgumentException: callers report it
    }
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      return out;
    }
    StringBuilder rest = new StringBuilder();
    for (int i = fixed; i < parts.length; i++) {
      rest.append(rest.length() == 0 ? "" : "/").append(parts[i]);
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    Path root = start;
    int depth = parts.length - fixed;
    try (Stream<Path> walk = Files.walk(root, depth)) {
      walk.filter(p -> !p.equals(root) && root.relativize(p).getNameCount() == depth && matcher.matches(root.relativize(p)))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }
}
