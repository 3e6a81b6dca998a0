package dev.bunny.containerfile;

/**
 * Docker's word processing (BuildKit {@code shell.Lex.ProcessWord}): quotes are removed, the escape
 * character escapes the next character, and {@code $VAR}, {@code ${VAR}} and the {@code ${VAR...}}
 * modifiers are replaced; single-quoted text is taken as is.
 *
 * <p>Guards: substitutions nest at most {@value #MAX_DEPTH} deep (the only recursion), no value
 * grows beyond {@value #MAX_VALUE} characters, all variable values inserted in one parse add up to
 * at most {@value #MAX_TOTAL} characters, and pattern matching ({@code ${VAR#pattern}} and friends)
 * is bounded in total work. Each limit is reported as a {@link WordError}.
 */
final class Substitution {

  static final int MAX_DEPTH = 32;
  static final int MAX_VALUE = 1 << 20;
  static final long MAX_TOTAL = 16L << 20;
  static final long MAX_PATTERN_WORK = 50_000_000L;

  static final String FORMS = "${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:+alternative}, "
      + "${VAR+alternative}, ${VAR:?message}, ${VAR?message}, ${VAR#pattern}, ${VAR##pattern}, "
      + "${VAR%pattern}, ${VAR%%pattern}, ${VAR/pattern/replacement}, ${VAR//pattern/replacement}";

  /** Variable values; null means unset. */
  interface Vars {
    String get(String name);
  }

  private long substituted;
  private long patternWork;

  /** Processes one word with escape character {@code escape}. */
  String expand(String word, char escape, Vars vars) throws WordError {
    Run run = new Run(word, escape, vars);
    String result = run.processStopOn(-1, false, 0);
    return result;
  }

  private WordError tooLong(String word) {
    return new WordError("value is longer than 1 MiB after substitution: '" + Text.show(word) + "'",
        "values are limited to 1 MiB; shorten the value or the variables it uses");
  }

  private final class Run {

    private final String s;
    private final char esc;
    private final Vars vars;
    private int pos;

    Run(String s, char esc, Vars vars) {
      this.s = s;
      this.esc = esc;
      this.vars = vars;
    }

    private String shown() {
      return "'" + Text.show(s) + "'";
    }

    private void append(StringBuilder out, String piece) throws WordError {
      if ((long) out.length() + piece.length() > MAX_VALUE) {
        throw tooLong(s);
      }
      out.append(piece);
    }

    /** Reads up to {@code stop} (consumed) or the end when {@code stop} is -1. */
    String processStopOn(int stop, boolean rawEscapes, int depth) throws WordError {
      StringBuilder result = new StringBuilder();
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        if (stop >= 0 && ch == stop) {
          pos++;
          return result.toString();
        }
        if (ch == '$') {
          append(result, processDollar(depth));
        } else if (ch == '\'') {
          append(result, processSingleQuote());
        } else if (ch == '"') {
          append(result, processDoubleQuote(rawEscapes, depth));
        } else {
          pos++;
          if (ch == esc) {
            if (rawEscapes) {
              result.append(ch);
            }
            if (pos >= s.length()) {
              break; // an escape character at the very end is dropped
            }
            ch = s.charAt(pos++);
          }
          if (result.length() >= MAX_VALUE) {
            throw tooLong(s);
          }
          result.append(ch);
        }
      }
      if (stop == '}') {
        throw missingBrace();
      }
      if (stop == '/') {
        throw new WordError("unterminated ${VAR/pattern/replacement} in " + shown() + ": missing '/'",
            "write ${VAR/pattern/replacement}, or escape a literal dollar as " + esc + "$");
      }
      return result.toString();
    }

    private WordError missingBrace() {
      return new WordError("unterminated ${ in " + shown() + ": missing '}'",
          "write ${NAME}, or escape a literal dollar as " + esc + "$");
    }

    private String processSingleQuote() throws WordError {
      int start = pos + 1;
      int end = s.indexOf('\'', start);
      if (end < 0) {
        throw new WordError("unterminated single quote in " + shown(),
            "close the quote; a single-quoted string ends at the next ' and cannot contain one");
      }
      pos = end + 1;
      return s.substring(start, end);
    }

    private String processDoubleQuote(boolean rawEscapes, int depth) throws WordError {
      pos++;
      StringBuilder result = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw new WordError("unterminated double quote in " + shown(),
              "close the quote, or escape a literal double quote as " + esc + "\"");
        }
        char ch = s.charAt(pos);
        if (ch == '"') {
          pos++;
          return result.toString();
        }
        if (ch == '$') {
          append(result, processDollar(depth));
          continue;
        }
        pos++;
        if (ch == esc) {
          if (rawEscapes) {
            result.append(ch);
          }
          if (pos >= s.length()) {
            continue;
          }
          char next = s.charAt(pos);
          if (next == '"' || next == '$' || next == esc) {
            ch = next;
            pos++;
          }
        }
        if (result.length() >= MAX_VALUE) {
          throw tooLong(s);
        }
        result.append(ch);
      }
    }

    private String value(String name) throws WordError {
      String v = vars.get(name);
      return v == null ? "" : counted(v);
    }

    private String counted(String v) throws WordError {
      substituted += v.length();
      if (substituted > MAX_TOTAL) {
        throw new WordError("variable substitution produces more than 16 MiB of text in total",
            "check for ARG or ENV values built from each other; this looks like a substitution bomb");
      }
      return v;
    }

    private String processDollar(int depth) throws WordError {
      pos++; // $
      if (pos >= s.length() || s.charAt(pos) != '{') {
        String name = processName();
        return name.isEmpty() ? "$" : value(name);
      }
      pos++; // {
      if (pos >= s.length()) {
        throw missingBrace();
      }
      char first = s.charAt(pos);
      if (first == '{' || first == '}' || first == ':') {
        throw new WordError("bad substitution in " + shown() + ": a variable name must follow ${",
            "write ${NAME}, e.g. ${KERNEL} or ${KERNEL:-default}; escape a literal dollar as " + esc + "$");
      }
      String name = processName();
      if (pos >= s.length()) {
        throw missingBrace();
      }
      char ch = s.charAt(pos++);
      String modifier = String.valueOf(ch);
      boolean nullIsUnset = false;
      if (ch == '}') {
        return value(name);
      }
      if (ch == ':') {
        nullIsUnset = true;
        if (pos >= s.length()) {
          throw missingBrace();
        }
        ch = s.charAt(pos++);
        modifier += ch;
        if ("+-?#%".indexOf(ch) < 0) {
          throw unsupported(modifier);
        }
      } else if (ch == '/') {
        return replace(name, depth);
      } else if ("+-?#%".indexOf(ch) < 0) {
        throw unsupported(modifier);
      }
      if (depth >= MAX_DEPTH) {
        throw tooDeep();
      }
      boolean patterns = ch == '#' || ch == '%';
      String word = processStopOn('}', patterns, depth + 1);
      String value = vars.get(name);
      boolean unset = value == null || nullIsUnset && value.isEmpty();
      switch (ch) {
        case '-':
          return unset ? word : counted(value);
        case '+':
          return unset ? "" : word;
        case '?':
          if (value == null) {
            throw new WordError("variable " + Text.show(name) + " is not set"
                + (word.isEmpty() ? "" : ": " + Text.show(word)),
                "declare it with ARG " + Text.show(name) + "=<default> or pass it as a build argument");
          }
          if (unset) {
            throw new WordError("variable " + Text.show(name) + " is empty"
                + (word.isEmpty() ? "" : ": " + Text.show(word)),
                "give it a value with ARG " + Text.show(name) + "=<value> or as a build argument");
          }
          return counted(value);
        default: // '#' or '%'
          String v = value == null ? "" : counted(value);
          boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
          String pattern = greedy ? word.substring(1) : word;
          Glob glob = Glob.compile(pattern, esc, this::patternError);
          return ch == '#' ? trimPrefix(glob, v, greedy) : trimSuffix(glob, v, greedy);
      }
    }

    private String replace(String name, int depth) throws WordError {
      if (depth >= MAX_DEPTH) {
        throw tooDeep();
      }
      boolean all = pos < s.length() && s.charAt(pos) == '/';
      if (all) {
        pos++;
      }
      String pattern = processStopOn('/', true, depth + 1);
      String replacement = processStopOn('}', true, depth + 1);
      String value = vars.get(name);
      String v = value == null ? "" : counted(value);
      Glob glob = Glob.compile(pattern, esc, this::patternError);
      return replaceIn(glob, v, replacement, all);
    }

    private WordError patternError(String what) {
      return new WordError("invalid pattern in " + shown() + ": " + what,
          "in a pattern only " + esc + "*, " + esc + "?, " + esc + esc + ", " + esc + "} and " + esc
              + "/ may be escaped");
    }

    private WordError unsupported(String modifier) {
      return new WordError("unsupported modifier '" + Text.show(modifier) + "' in " + shown(),
          "use one of " + FORMS + "; escape a literal dollar as " + esc + "$");
    }

    private WordError tooDeep() {
      return new WordError("variable substitutions nest more than " + MAX_DEPTH + " deep in " + shown(),
          "simplify the expression");
    }

    /** A name: letters, digits and _; or a run of digits; or one special parameter. */
    private String processName() {
      int start = pos;
      if (pos < s.length()) {
        int cp = s.codePointAt(pos);
        if (Character.isDigit(cp)) {
          while (pos < s.length() && Character.isDigit(s.codePointAt(pos))) {
            pos += Character.charCount(s.codePointAt(pos));
          }
          return s.substring(start, pos);
        }
        if ("@*#?-$!0".indexOf(cp) >= 0) {
          pos++;
          return s.substring(start, pos);
        }
      }
      while (pos < s.length()) {
        int cp = s.codePointAt(pos);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        pos += Character.charCount(cp);
      }
      return s.substring(start, pos);
    }

    private String trimPrefix(Glob glob, String value, boolean longest) throws WordError {
      int[] v = value.codePoints().toArray();
      int end = match(glob, v, 0, longest);
      return end < 0 ? value : new String(v, end, v.length - end);
    }

    private String trimSuffix(Glob glob, String value, boolean longest) throws WordError {
      int[] v = value.codePoints().toArray();
      int[] reversed = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        reversed[i] = v[v.length - 1 - i];
      }
      int end = match(glob.reversed(), reversed, 0, longest);
      return end < 0 ? value : new String(v, 0, v.length - end);
    }

    private String replaceIn(Glob glob, String value, String replacement, boolean all) throws WordError {
      int[] v = value.codePoints().toArray();
      StringBuilder out = new StringBuilder();
      int i = 0;
      int previousEnd = -1;
      while (i <= v.length) {
        int end = match(glob, v, i, true);
        if (end >= 0 && !(end == i && i == previousEnd)) {
          append(out, replacement);
          if (end == i) {
            if (i < v.length) {
              out.appendCodePoint(v[i]);
            }
            i++;
          } else {
            i = end;
          }
          previousEnd = end;
          if (!all) {
            if (i < v.length) {
              append(out, new String(v, i, v.length - i));
            }
            return out.toString();
          }
        } else {
          if (i < v.length) {
            if (out.length() >= MAX_VALUE) {
              throw tooLong(s);
            }
            out.appendCodePoint(v[i]);
          }
          i++;
        }
      }
      return out.toString();
    }

    /** The end of the shortest or longest match of {@code glob} at {@code from}, or -1. */
    private int match(Glob glob, int[] v, int from, boolean longest) throws WordError {
      boolean[] cur = glob.start();
      int best = glob.accepts(cur) ? from : -1;
      if (best >= 0 && !longest) {
        return best;
      }
      for (int i = from; i < v.length; i++) {
        patternWork += glob.size() + 1;
        if (patternWork > MAX_PATTERN_WORK) {
          throw new WordError("pattern matching in " + shown() + " needs too much work",
              "shorten the pattern or the value it is matched against");
        }
        cur = glob.step(cur, v[i]);
        if (cur == null) {
          break;
        }
        if (glob.accepts(cur)) {
          best = i + 1;
          if (!longest) {
            return best;
          }
        }
      }
      return best;
    }
  }
}
