package dev.bunny.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tar headers byte by byte, independently of commons-compress, so tests see exactly what
 * was written: PAX records (which a library reader would fold into entries), raw owner names and
 * the numeric fields as stored.
 */
final class RawTar {

  /** One header block as stored; {@code pax} holds the records of a preceding 'x' header, if any. */
  record Header(
      String name,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      char type,
      String linkName,
      String magic,
      String version,
      String userName,
      String groupName,
      String prefix,
      Map<String, String> pax) {}

  private RawTar() {}

  /**
   * All headers of a tar stream in order, PAX extended headers ('x') included; each entry after
   * an 'x' header carries its records in {@code pax}.
   */
  static List<Header> read(InputStream in) throws IOException {
    return read(in, true);
  }

  /**
   * Like {@link #read(InputStream)}; with {@code requireEnd} false, a stream that stops after a
   * header (a test that only wrote headers) is fine too.
   */
  static List<Header> read(InputStream in, boolean requireEnd) throws IOException {
    List<Header> headers = new ArrayList<>();
    Map<String, String> pendingPax = new LinkedHashMap<>();
    byte[] block = new byte[512];
    while (true) {
      int n = in.readNBytes(block, 0, 512);
      if (n == 0 && !requireEnd) {
        return headers;
      }
      if (n < 512) {
        throw new IOException("truncated tar: no end-of-archive blocks");
      }
      if (isZero(block)) {
        return headers;
      }
      long size = octal(block, 124, 12);
      char type = (char) block[156];
      byte[] content = null;
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        content = in.readNBytes((int) size);
        in.skipNBytes(pad(size));
      }
      if (type == 'g' || type == 'L' || type == 'K') {
        throw new IOException("unexpected tar header type '" + type + "'");
      }
      Map<String, String> pax = Map.of();
      if (type == 'x') {
        pendingPax.putAll(parsePax(content));
      } else {
        pax = pendingPax;
        pendingPax = new LinkedHashMap<>();
        if (pax.containsKey("size")) {
          size = Long.parseLong(pax.get("size"));
        }
      }
      headers.add(new Header(
          string(block, 0, 100),
          (int) octal(block, 100, 8),
          octal(block, 108, 8),
          octal(block, 116, 8),
          size,
          octal(block, 136, 12),
          type,
          string(block, 157, 100),
          string(block, 257, 6),
          new String(block, 263, 2, StandardCharsets.ISO_8859_1),
          string(block, 265, 32),
          string(block, 297, 32),
          string(block, 345, 155),
          pax));
      long skip = type == '0' || type == '\0' ? size + pad(size) : 0;
      if (requireEnd) {
        in.skipNBytes(skip);
      } else {
        in.skip(skip);
      }
    }
  }

  /** Reads a whole stream; for tests on small archives. */
  static byte[] bytes(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static long pad(long size) {
    return (512 - size % 512) % 512;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = string(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static Map<String, String> parsePax(byte[] content) {
    Map<String, String> records = new LinkedHashMap<>();
    int pos = 0;
    while (pos < content.length) {
      int space = pos;
      while (content[space] != ' ') {
        space++;
      }
      int len = Integer.parseInt(new String(content, pos, space - pos, StandardCharsets.US_ASCII));
      String record = new String(content, space + 1, len - (space - pos) - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      records.put(record.substring(0, eq), record.substring(eq + 1));
      pos += len;
    }
    return records;
  }
}
