package dev.bunny.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code stat} says about a file, enough to tell that nothing has written it since: size,
 * mtime and ctime (nanoseconds), device and inode. Read through the POSIX {@code unix} attribute
 * view; where a platform lacks it there is no stamp and callers fall back to reading the content.
 *
 * @param size bytes
 * @param mtimeNanos last modification, nanoseconds since the epoch
 * @param ctimeNanos last status change (cannot be set back by {@code touch -d}); linking or
 *     renaming the file moves it too
 * @param device the filesystem's device number
 * @param inode the inode number
 */
public record FileStamp(long size, long mtimeNanos, long ctimeNanos, long device, long inode) {

  /** The stamp of {@code file} (not following a symlink), or null where the unix view is missing. */
  public static FileStamp of(Path file) {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
    return new FileStamp((Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
        (Long) a.get("dev"), (Long) a.get("ino"));
  }

  /**
   * The same inode with the same size and mtime: no write reached it since {@code this} was taken,
   * though links to it may have been made (a layout hard-links layer files, which moves ctime).
   * Only for files in a directory the build owns; elsewhere compare the whole stamp.
   */
  public boolean sameWriteAs(FileStamp other) {
    return other != null && size == other.size && mtimeNanos == other.mtimeNanos && device == other.device
        && inode == other.inode;
  }

  /** size:mtime:ctime:dev:ino, the form fingerprint files record. */
  @Override
  public String toString() {
    return size + ":" + mtimeNanos + ":" + ctimeNanos + ":" + device + ":" + inode;
  }

  private static long nanos(Object time) {
    return ((FileTime) time).to(TimeUnit.NANOSECONDS);
  }
}
