package dev.bunny.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads permission bits of local files in a way that does not depend on the machine.
 *
 * <p>Permission bits are kept, except the group and other write bits: those come from the umask of
 * whoever checked the sources out (0644 vs 0664), and keeping them would make the same commit give
 * different digests on different machines.
 */
public final class ModeBits {

  public static final int DIRECTORY_DEFAULT = 0755;
  public static final int FILE_DEFAULT = 0644;
  public static final int EXECUTABLE_DEFAULT = 0755;

  /** File type bits of {@code st_mode} (and of a tar header's mode): the mask and the three kinds we store. */
  public static final int TYPE_MASK = 0170000;
  public static final int TYPE_DIRECTORY = 0040000;
  public static final int TYPE_FILE = 0100000;
  public static final int TYPE_SYMLINK = 0120000;

  private static final int UMASK_DEPENDENT = 0022;

  private ModeBits() {}

  /** The normalised permission bits of {@code path}, not following a final symlink. */
  public static int of(Path path) throws IOException {
    int raw;
    try {
      raw = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      raw = fromPosixOrDefault(path);
    }
    return normalise(raw);
  }

  /** The permission bits of a raw {@code st_mode} (file type bits dropped), normalised as above. */
  static int normalise(int rawMode) {
    return rawMode & 07777 & ~UMASK_DEPENDENT;
  }

  private static int fromPosixOrDefault(Path path) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      int bits = 0;
      for (PosixFilePermission p : perms) {
        bits |= 1 << (8 - p.ordinal());
      }
      return bits;
    } catch (UnsupportedOperationException notPosix) {
      if (Files.isDirectory(path)) {
        return DIRECTORY_DEFAULT;
      }
      return Files.isExecutable(path) ? EXECUTABLE_DEFAULT : FILE_DEFAULT;
    }
  }
}
