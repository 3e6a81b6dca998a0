package dev.bunny.spec;

/** Compares dotted version strings such as {@code v0.15.0} and {@code 0.16.1} numerically. */
final class Versions {

  private Versions() {}

  /** Negative, zero or positive like {@link Comparable}; a non-numeric part compares as 0. */
  static int compare(String a, String b) {
    String[] x = strip(a).split("[.-]");
    String[] y = strip(b).split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Long.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String strip(String v) {
    String t = v.trim();
    return t.startsWith("v") || t.startsWith("V") ? t.substring(1) : t;
  }

  private static long part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Long.parseLong(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
