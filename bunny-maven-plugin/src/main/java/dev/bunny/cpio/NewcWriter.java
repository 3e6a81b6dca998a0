package dev.bunny.cpio;

import dev.bunny.fs.AlignedRead;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.TreeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes a {@link FileTree} as one uncompressed cpio "newc" archive (magic {@code 070701}), the
 * initrd format both the Linux initramfs unpacker and Unikraft's ukcpio read.
 *
 * <p>The output depends only on the tree and the given mtime: inode numbers are assigned 1, 2, 3…
 * in archive order, owners are 0:0, device numbers are 0. Every entry has a unique inode and
 * nlink 1 (2 for directories), so no unpacker ever treats two entries as hard links; ukcpio cannot
 * restore hard links and would leave empty files. Names carry no leading {@code /} or {@code ./}
 * and there is no {@code .} entry, because ukcpio aborts on a {@code mkdir} that hits an existing
 * directory.
 */
public final class NewcWriter {

  /** Largest file newc can describe. */
  public static final long MAX_FILE_SIZE = 0xFFFF_FFFFL;

  /** Longest name, in UTF-8 bytes without the NUL: the kernel and ukcpio limit names to PATH_MAX (4096) with it. */
  static final int MAX_NAME_BYTES = 4095;

  /** Largest value of the 8-hex-digit mtime field (the year 2106). */
  static final long MAX_MTIME = 0xFFFF_FFFFL;

  private static final int BUFFER_SIZE = 1 << 20;

  private NewcWriter() {}

  /**
   * Checks everything that would make write() fail, before anything is written: files > 4 GiB - 1
   * (message names the file, its origin, its size, and says newc cannot hold it), names longer than
   * 4095 UTF-8 bytes, mtime outside 0..0xFFFFFFFF.
   */
  public static void checkLimits(FileTree tree, long mtimeEpochSeconds) throws TreeException {
    if (mtimeEpochSeconds < 0 || mtimeEpochSeconds > MAX_MTIME) {
      throw new TreeException("the initrd timestamp " + mtimeEpochSeconds
          + " is outside what cpio newc can store (0 to " + MAX_MTIME + " seconds since 1970, i.e. until 2106)");
    }
    for (TreeEntry e : tree.entries()) {
      int nameBytes = e.path().getBytes(StandardCharsets.UTF_8).length;
      if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
        throw new TreeException("/" + e.path() + " (from " + e.origin() + "): the path is " + nameBytes
            + " bytes long in UTF-8; a cpio initrd entry name must be 1 to " + MAX_NAME_BYTES + " bytes");
      }
      if (e.kind() == TreeEntry.Kind.FILE && e.size() > MAX_FILE_SIZE) {
        throw new TreeException("/" + e.path() + " (from " + e.origin() + "): '" + e.source() + "' is "
            + e.size() + " bytes; the cpio newc initrd format cannot hold files of 4 GiB or more (at most "
            + MAX_FILE_SIZE + " bytes); leave the file out of the initrd or use a block rootfs");
      }
    }
  }

  /** Writes the whole tree as one newc archive ending with TRAILER!!!; does not close `out`. */
  public static void write(FileTree tree, long mtimeEpochSeconds, OutputStream out) throws IOException {
    try {
      checkLimits(tree, mtimeEpochSeconds);
    } catch (TreeException e) {
      throw new IOException(e.getMessage(), e);
    }
    // CpioArchiveOutputStream writes each header field with a separate small write(): buffer them.
    // Writes of a whole chunk (>= the buffer size) go straight through to `out` without a copy.
    // Neither stream is closed below, so `out` stays open for the caller.
    BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_SIZE);
    // blockSize 4: no padding of the archive to 512 bytes after the trailer; UTF-8 names, since the
    // default US-ASCII would turn every non-ASCII character into '?'.
    CpioArchiveOutputStream cpio =
        new CpioArchiveOutputStream(buffered, CpioConstants.FORMAT_NEW, 4, StandardCharsets.UTF_8.name());
    byte[] buffer = new byte[BUFFER_SIZE];
    long inode = 1;
    for (TreeEntry e : tree.entries()) {
      CpioArchiveEntry c = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.path());
      // An explicit inode also stops commons-compress from numbering entries itself.
      c.setInode(inode++);
      c.setUID(0);
      c.setGID(0);
      // Always set: an entry without an mtime would get the current time.
      c.setTime(mtimeEpochSeconds);
      switch (e.kind()) {
        case DIRECTORY:
          c.setMode(CpioConstants.C_ISDIR | e.mode());
          c.setNumberOfLinks(2);
          c.setSize(0);
          cpio.putArchiveEntry(c);
          break;
        case SYMLINK:
          byte[] target = e.linkTarget().getBytes(StandardCharsets.UTF_8);
          c.setMode(CpioConstants.C_ISLNK | e.mode());
          c.setNumberOfLinks(1);
          c.setSize(target.length); // the target without a NUL; ukcpio and the kernel read it as the data
          cpio.putArchiveEntry(c);
          cpio.write(target);
          break;
        case FILE:
          c.setMode(CpioConstants.C_ISREG | e.mode());
          c.setNumberOfLinks(1);
          c.setSize(e.size());
          cpio.putArchiveEntry(c);
          copy(e, cpio, buffer);
          break;
        default:
          throw new IllegalStateException("unknown entry kind " + e.kind());
      }
      cpio.closeArchiveEntry();
    }
    cpio.finish(); // writes TRAILER!!! and pads it to 4 bytes; does not close the stream
    buffered.flush();
  }

  /**
   * Copies exactly {@code e.size()} bytes of the entry's file into the archive. The size is already
   * in the header, so a file that changed since the tree was built is an error, reported here
   * rather than as commons-compress's "Invalid entry size".
   */
  private static void copy(TreeEntry e, OutputStream cpio, byte[] buffer) throws IOException {
    FileChannel opened;
    try {
      opened = FileChannel.open(e.source(), StandardOpenOption.READ);
    } catch (NoSuchFileException gone) {
      throw new IOException("/" + e.path() + " (from " + e.origin() + "): '" + e.source()
          + "' was deleted after the file list was made; something changed it during the build", gone);
    }
    try (FileChannel in = opened) {
      long actual = in.size();
      if (actual != e.size()) {
        throw changed(e, actual);
      }
      long remaining = e.size();
      while (remaining > 0) {
        int n = AlignedRead.read(in, buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changed(e, e.size() - remaining); // truncated while we were reading it
        }
        cpio.write(buffer, 0, n);
        remaining -= n;
      }
    }
  }

  private static IOException changed(TreeEntry e, long actual) {
    return new IOException("/" + e.path() + " (from " + e.origin() + "): '" + e.source() + "' is now " + actual
        + " bytes but was " + e.size() + " bytes when the file list was made; something changed it during the build");
  }
}
