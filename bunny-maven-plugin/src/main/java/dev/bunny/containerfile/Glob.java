package dev.bunny.containerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell pattern of {@code ${VAR#pattern}} and friends: {@code *} any run, {@code ?} any one
 * character, everything else literal. Matched by a state-set simulation (no regex, no
 * backtracking), so the work is bounded by value length times pattern length.
 */
final class Glob {

  private static final int STAR = -1;
  private static final int ANY = -2;

  interface ErrorFactory {
    WordError error(String what);
  }

  private final int[] tokens;

  private Glob(int[] tokens) {
    this.tokens = tokens;
  }

  /**
   * Compiles a pattern whose escapes were kept raw: {@code esc} before {@code *}, {@code ?} or
   * {@code esc} makes it literal; before <code>}</code> or {@code /} it is dropped; anything else
   * is an error (as in BuildKit).
   */
  static Glob compile(String pattern, char esc, ErrorFactory errors) throws WordError {
    List<Integer> out = new ArrayList<>();
    int i = 0;
    while (i < pattern.length()) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '*') {
        out.add(STAR);
      } else if (cp == '?') {
        out.add(ANY);
      } else if (cp == esc) {
        if (i >= pattern.length()) {
          throw errors.error("it ends with the escape character " + esc);
        }
        int next = pattern.codePointAt(i);
        if (next == '}' || next == '/') {
          continue;
        }
        if (next != '*' && next != '?' && next != esc) {
          throw errors.error("invalid escape '" + esc + Text.show(new String(Character.toChars(next))) + "'");
        }
        i += Character.charCount(next);
        out.add(next);
      } else {
        out.add(cp);
      }
    }
    int[] t = new int[out.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = out.get(k);
    }
    return new Glob(t);
  }

  int size() {
    return tokens.length;
  }

  /** The same pattern read backwards, for suffix matching. */
  Glob reversed() {
    int[] r = new int[tokens.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = tokens[tokens.length - 1 - i];
    }
    return new Glob(r);
  }

  boolean[] start() {
    boolean[] set = new boolean[tokens.length + 1];
    add(set, 0);
    return set;
  }

  boolean accepts(boolean[] set) {
    return set[tokens.length];
  }

  /** The states after reading {@code cp}, or null when none is left. */
  boolean[] step(boolean[] set, int cp) {
    boolean[] next = new boolean[tokens.length + 1];
    boolean any = false;
    for (int j = 0; j < tokens.length; j++) {
      if (!set[j]) {
        continue;
      }
      int t = tokens[j];
      if (t == STAR) {
        add(next, j);
        any = true;
      } else if (t == ANY || t == cp) {
        add(next, j + 1);
        any = true;
      }
    }
    return any ? next : null;
  }

  private void add(boolean[] set, int j) {
    set[j] = true;
    while (j < tokens.length && tokens[j] == STAR) {
      j++;
      set[j] = true;
    }
  }
}
