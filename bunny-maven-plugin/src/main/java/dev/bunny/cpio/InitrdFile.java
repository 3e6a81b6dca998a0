package dev.bunny.cpio;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeException;
import dev.bunny.fs.WriteFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a {@link FileTree} to an initrd file on disk, never leaving a half-written initrd behind. */
public final class InitrdFile {

  private InitrdFile() {}

  /**
   * Writes the tree to `target` atomically: to a temp file in the same directory, then moved into
   * place; on any failure the temp file is deleted and `target` is untouched.
   */
  public static void write(FileTree tree, long mtimeEpochSeconds, Path target) throws IOException, TreeException {
    NewcWriter.checkLimits(tree, mtimeEpochSeconds);
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Same directory as the target, so the final move is a rename on the same filesystem.
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = WriteFailure.naming(target, Files.newOutputStream(tmp))) {
        NewcWriter.write(tree, mtimeEpochSeconds, out);
      }
      // createTempFile makes the file 0600; give the initrd the usual 0644 so the file's mode does
      // not depend on how it was created (it may itself be packaged into a layer).
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // nothing to normalise on this filesystem
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (Throwable failure) { // precise rethrow: only IOException and unchecked ones get here
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
  }
}
