package dev.bunny.oci;

import dev.bunny.fs.ModeBits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Deterministic tar headers shared by layers and the OCI archive: owners 0:0 with empty names,
 * one fixed mtime, and no access, change or creation times (commons-compress writes PAX records
 * for those only when they are set, and we never set them).
 */
final class TarHeaders {

  private TarHeaders() {}

  /**
   * A tar stream that stores long names and big sizes (over 8 GiB) as PAX records and encodes
   * names as UTF-8 whatever the platform charset is.
   */
  static TarArchiveOutputStream open(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    // POSIX wants non-ASCII names in a PAX "path" record; readers that ignore it still get UTF-8 bytes.
    tar.setAddPaxHeadersForNonAsciiNames(true);
    return tar;
  }

  /** A directory entry; the name gets the trailing {@code /} tar readers expect. */
  static TarArchiveEntry directory(String path, int mode, long mtimeEpochSeconds) {
    TarArchiveEntry e = new TarArchiveEntry(path.endsWith("/") ? path : path + "/", TarConstants.LF_DIR);
    return normalise(e, ModeBits.TYPE_DIRECTORY | mode, mtimeEpochSeconds);
  }

  static TarArchiveEntry file(String path, int mode, long size, long mtimeEpochSeconds) {
    TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
    e.setSize(size);
    return normalise(e, ModeBits.TYPE_FILE | mode, mtimeEpochSeconds);
  }

  static TarArchiveEntry symlink(String path, String target, long mtimeEpochSeconds) {
    TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    return normalise(e, ModeBits.TYPE_SYMLINK | 0777, mtimeEpochSeconds);
  }

  private static TarArchiveEntry normalise(TarArchiveEntry e, int mode, long mtimeEpochSeconds) {
    e.setMode(mode);
    e.setUserId(0);
    e.setGroupId(0);
    // The constructor fills in the name of the user running the build; it must not leak.
    e.setUserName("");
    e.setGroupName("");
    e.setLastModifiedTime(FileTime.from(mtimeEpochSeconds, TimeUnit.SECONDS));
    return e;
  }

  /** Rejects times a plain ustar header cannot hold, so no PAX mtime record is ever needed. */
  static void checkMtime(long mtimeEpochSeconds) {
    if (mtimeEpochSeconds < 0 || mtimeEpochSeconds > 077777777777L) {
      throw new IllegalArgumentException(
          "entry time " + mtimeEpochSeconds + " (epoch seconds) is outside what a tar header holds: 0 ("
              + java.time.Instant.EPOCH + ") to " + 077777777777L + " ("
              + java.time.Instant.ofEpochSecond(077777777777L) + ")");
    }
  }

  /** The two zero records that end a tar stream (commons-compress pads no further). */
  static final int END_OF_ARCHIVE = 2 * TarConstants.DEFAULT_RCDSIZE;

  /**
   * The bytes that start {@code entry} in a stream opened by {@link #open}: any PAX records the
   * entry needs (long or non-ASCII names, sizes over 8 GiB) and its header record, all formatted by
   * commons-compress. The content, then {@link #padding} zeros, follow; the caller copies those
   * itself, in big chunks: through {@code TarArchiveOutputStream} every 512-byte record is a
   * separate call down the stream chain, which costs 0.4 s per GiB on the thread that feeds the
   * compressor (measured on the benchmark tree).
   */
  static byte[] encode(TarArchiveEntry entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(TarConstants.DEFAULT_RCDSIZE);
    // Left open on purpose: closing would finish an entry whose content is written elsewhere.
    // Only memory is involved, and every record of a header is complete once putArchiveEntry returns.
    TarArchiveOutputStream headerOnly = open(bytes);
    headerOnly.putArchiveEntry(entry);
    if (bytes.size() == 0 || bytes.size() % TarConstants.DEFAULT_RCDSIZE != 0) {
      throw new IllegalStateException("incomplete tar header for " + entry.getName() + ": " + bytes.size() + " bytes");
    }
    return bytes.toByteArray();
  }

  /** Zero bytes after {@code size} bytes of content, up to the next 512-byte record. */
  static int padding(long size) {
    int rest = (int) (size % TarConstants.DEFAULT_RCDSIZE);
    return rest == 0 ? 0 : TarConstants.DEFAULT_RCDSIZE - rest;
  }
}
