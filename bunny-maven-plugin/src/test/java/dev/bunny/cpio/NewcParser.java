package dev.bunny.cpio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict, independent newc reader for tests: it follows the kernel's buffer-format description
 * byte by byte and fails on anything a strict unpacker would reject (bad magic, non-hex digits,
 * missing NUL, non-zero padding, data after the trailer, archive not ending on a 4-byte boundary).
 */
final class NewcParser {

  /** One archive member, with every header field. */
  record Record(
      long ino, long mode, long uid, long gid, long nlink, long mtime, long filesize,
      long devmajor, long devminor, long rdevmajor, long rdevminor, long namesize, long check,
      String name, byte[] data, int headerOffset) {

    int type() {
      return (int) (mode & 0170000);
    }

    int perm() {
      return (int) (mode & 07777);
    }

    String dataAsString() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  static final int HEADER = 110;

  private NewcParser() {}

  /** All members including the final {@code TRAILER!!!}, which must be the last thing in the archive. */
  static List<Record> parse(byte[] a) {
    List<Record> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      if (pos % 4 != 0) {
        throw new AssertionError("header at " + pos + " not 4-byte aligned");
      }
      if (pos + HEADER > a.length) {
        throw new AssertionError("truncated header at " + pos + " (archive is " + a.length + " bytes)");
      }
      String magic = new String(a, pos, 6, StandardCharsets.US_ASCII);
      if (!magic.equals("070701")) {
        throw new AssertionError("bad magic '" + magic + "' at " + pos);
      }
      long[] f = new long[13];
      for (int i = 0; i < 13; i++) {
        f[i] = hex(a, pos + 6 + 8 * i);
      }
      int namesize = (int) f[11];
      int nameStart = pos + HEADER;
      if (namesize < 1 || nameStart + namesize > a.length) {
        throw new AssertionError("bad namesize " + namesize + " at " + pos);
      }
      if (a[nameStart + namesize - 1] != 0) {
        throw new AssertionError("name not NUL-terminated at " + pos);
      }
      String name = new String(a, nameStart, namesize - 1, StandardCharsets.UTF_8);
      if (name.indexOf('\0') >= 0) {
        throw new AssertionError("NUL inside name at " + pos);
      }
      int dataStart = align4(nameStart + namesize);
      zeros(a, nameStart + namesize, dataStart);
      long size = f[6];
      if (dataStart + size > a.length) {
        throw new AssertionError("truncated data for " + name);
      }
      byte[] data = Arrays.copyOfRange(a, dataStart, dataStart + (int) size);
      int next = align4(dataStart + (int) size);
      if (next > a.length) {
        throw new AssertionError("missing data padding after " + name);
      }
      zeros(a, dataStart + (int) size, next);
      out.add(new Record(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12],
          name, data, pos));
      pos = next;
      if (name.equals("TRAILER!!!")) {
        if (pos != a.length) {
          throw new AssertionError((a.length - pos) + " bytes after the trailer");
        }
        return out;
      }
    }
  }

  /** The members without the trailer. */
  static List<Record> entries(byte[] archive) {
    List<Record> all = parse(archive);
    return all.subList(0, all.size() - 1);
  }

  private static long hex(byte[] a, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      int d = Character.digit((char) a[at + i], 16);
      if (d < 0) {
        throw new AssertionError("non-hex digit '" + (char) a[at + i] + "' at " + (at + i));
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static void zeros(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        throw new AssertionError("non-zero padding byte at " + i);
      }
    }
  }

  static int align4(int n) {
    return (n + 3) & ~3;
  }
}
