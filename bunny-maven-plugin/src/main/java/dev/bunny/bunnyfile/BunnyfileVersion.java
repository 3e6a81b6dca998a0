package dev.bunny.bunnyfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bunnyfile {@code version} rule bunny applies (hashicorp go-version semantics): {@code 0.1},
 * {@code v0.1}, {@code 0.0.9} are accepted, anything above v0.1 is not.
 */
final class BunnyfileVersion {

  static final String SUPPORTED = "v0.1";

  private static final Pattern VERSION = Pattern.compile(
      "v?(\\d+(?:\\.\\d+)*)(?:-[0-9A-Za-z.~-]+|-?[A-Za-z~-][0-9A-Za-z.~-]*)?(?:\\+[0-9A-Za-z.~-]+)?");

  private BunnyfileVersion() {}

  /** Null when {@code text} is a supported version, else what is wrong with it. */
  static String problem(String text) {
    Matcher m = VERSION.matcher(text.trim());
    if (!m.matches()) {
      return "'" + text + "' is not a version";
    }
    String[] parts = m.group(1).split("\\.");
    long[] supported = {0, 1};
    for (int i = 0; i < parts.length; i++) {
      long v;
      try {
        v = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        return "'" + text + "' is not a version";
      }
      long s = i < supported.length ? supported[i] : 0;
      if (v != s) {
        return v > s ? "version " + text + " is newer than this plugin reads" : null;
      }
    }
    return null;
  }
}
