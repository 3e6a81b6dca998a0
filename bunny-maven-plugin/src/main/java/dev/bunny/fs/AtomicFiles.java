package dev.bunny.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts finished outputs in place so that a failed build never leaves a half-written one where a
 * finished one is expected: everything is written to a hidden sibling first, then renamed.
 */
public final class AtomicFiles {

  /** The name {@link #sibling} gives: {@code .<name>.tmp-<uuid>}. */
  private static final Pattern SIBLING =
      Pattern.compile("\\.(.+)\\.tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AtomicFiles() {}

  /**
   * A hidden, unique, not yet existing path next to {@code target} (same filesystem, so the final
   * move is a rename). Not {@link Files#createTempFile}: that creates mode 0600, which would end up
   * on the result.
   */
  public static Path sibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
  }

  /**
   * The output a {@link #sibling} stands for ({@code dir/.name.tmp-<uuid>} gives {@code dir/name}),
   * or {@code path} itself: error messages name what the user asked for, not the temporary name.
   */
  public static Path targetOf(Path path) {
    Path name = path.getFileName();
    if (name != null) {
      Matcher m = SIBLING.matcher(name.toString());
      if (m.matches()) {
        return path.resolveSibling(m.group(1));
      }
    }
    return path;
  }

  /** Replaces the file {@code target} with {@code written} in one rename. */
  public static void commitFile(Path written, Path target) throws IOException {
    try {
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Replaces the directory {@code target} with {@code written}: the old one is renamed aside, the
   * new one renamed in, then the old one deleted. A reader sees the old tree or the new, never a
   * mix.
   */
  public static void commitDirectory(Path written, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = sibling(target);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
    if (old != null) {
      deleteRecursively(old);
    }
  }

  /** Writes small content (a digest file) atomically. */
  public static void writeString(Path target, String content) throws IOException {
    Path tmp = sibling(target);
    try {
      try {
        Files.writeString(tmp, content);
      } catch (IOException e) {
        throw WriteFailure.of(target, e);
      }
      commitFile(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes a file or directory tree if it exists, without following symlinks. */
  public static void deleteRecursively(Path path) throws IOException {
    if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Best-effort cleanup in finally blocks: never hides the original failure. */
  public static void deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
    } catch (IOException | UncheckedIOException ignored) {
      // the build already failed or succeeded; a leftover hidden temp is harmless
    }
  }
}
