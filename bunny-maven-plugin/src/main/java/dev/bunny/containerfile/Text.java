package dev.bunny.containerfile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small text helpers that follow Go's definitions, so whitespace means what it means to Docker. */
final class Text {

  private Text() {}

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(char c) {
    switch (c) {
      case ' ', '\t', '\n', '\u000B', '\f', '\r', '\u0085', '\u00A0':
        return true;
      default:
        if (c < 0x1680) {
          return false;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
            || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR;
    }
  }

  /** The separators of Docker's {@code [\t\v\f\r ]+} token splitting. */
  static boolean isTokenSpace(char c) {
    return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
  }

  static String trimLeading(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  /** Go's {@code strings.TrimSpace}. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Splits on runs of {@code [\t\v\f\r ]} like Go's {@code regexp.Split(s, limit)}; {@code s} is
   * already trimmed; {@code limit} &lt;= 0 means no limit.
   */
  static List<String> splitTokens(String s, int limit) {
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      if (isTokenSpace(s.charAt(i)) && (limit <= 0 || out.size() < limit - 1)) {
        int j = i;
        while (j < s.length() && isTokenSpace(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(start, i));
        start = j;
        i = j;
      } else {
        i++;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /**
   * {@code s} made safe to quote in a message: control characters escaped, cut to about 60
   * characters.
   */
  static String show(String s) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < s.length(); ) {
      if (shown >= 60) {
        sb.append('…');
        break;
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || Character.getType(cp) == Character.SURROGATE) {
        sb.append(String.format("\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  /** The nearest of {@code known} to {@code word} (case-insensitive), or null when none is close. */
  static String nearest(String word, Collection<String> known) {
    if (word.isEmpty() || word.length() > 40) {
      return null;
    }
    String w = word.toUpperCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      if (Math.abs(k.length() - w.length()) > 2) {
        continue; // cannot be within the allowed distance
      }
      int d = distance(w, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int allowed = Math.max(1, Math.min(2, w.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
