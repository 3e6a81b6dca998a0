package dev.bunny.containerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How Docker cuts an instruction's text into words before substitution (BuildKit's parser). */
final class Words {

  private Words() {}

  private static final int SPACES = 0;
  private static final int WORD = 1;
  private static final int QUOTE = 2;

  /** Leading {@code --flags} and the text after them. */
  record Flags(List<String> flags, String rest) {}

  /**
   * BuildKit {@code parseWords}, used by ARG, ENV and LABEL: splits on whitespace outside quotes;
   * quotes and escapes stay in the words (substitution removes them later); an escape character
   * at the very end is dropped.
   */
  static List<String> parseWords(String rest, char esc) {
    List<String> words = new ArrayList<>();
    int phase = SPACES;
    char quote = 0;
    boolean blankOk = false;
    StringBuilder word = new StringBuilder();
    int len = rest.length();
    for (int pos = 0; pos <= len; pos++) {
      char ch = pos < len ? rest.charAt(pos) : 0;
      if (phase == SPACES) {
        if (pos == len) {
          break;
        }
        if (Text.isSpace(ch)) {
          continue;
        }
        phase = WORD;
      }
      if (pos == len) {
        if (blankOk || word.length() > 0) {
          words.add(word.toString());
        }
        break;
      }
      if (phase == WORD) {
        if (Text.isSpace(ch)) {
          phase = SPACES;
          if (blankOk || word.length() > 0) {
            words.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = QUOTE;
        }
        if (ch == esc) {
          if (pos + 1 == len) {
            continue;
          }
          word.append(ch);
          pos++;
          ch = rest.charAt(pos);
        }
        word.append(ch);
        continue;
      }
      // QUOTE
      if (ch == quote) {
        phase = WORD;
      }
      if (ch == esc && quote != '\'') {
        if (pos + 1 == len) {
          phase = WORD;
          continue;
        }
        pos++;
        word.append(ch);
        ch = rest.charAt(pos);
      }
      word.append(ch);
    }
    return words;
  }

  /**
   * BuildKit {@code extractBuilderFlags}: the leading words that start with {@code --}, with their
   * quotes removed and backslash escapes applied; a lone {@code --} ends the flags.
   */
  static Flags extractFlags(String line) throws WordError {
    List<String> words = new ArrayList<>();
    int phase = SPACES;
    char quote = 0;
    boolean blankOk = false;
    StringBuilder word = new StringBuilder();
    int len = line.length();
    for (int pos = 0; pos <= len; pos++) {
      char ch = pos < len ? line.charAt(pos) : 0;
      if (phase == SPACES) {
        if (pos == len) {
          break;
        }
        if (Text.isSpace(ch)) {
          continue;
        }
        if (ch != '-' || pos + 1 == len || line.charAt(pos + 1) != '-') {
          return new Flags(words, line.substring(pos));
        }
        phase = WORD;
      }
      if (pos == len) {
        if (phase == QUOTE) {
          throw new WordError("unterminated quote in flag '" + Text.show(word.toString()) + "'",
              "close the " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (!word.toString().equals("--") && (blankOk || word.length() > 0)) {
          words.add(word.toString());
        }
        break;
      }
      if (phase == WORD) {
        if (Text.isSpace(ch)) {
          phase = SPACES;
          if (word.toString().equals("--")) {
            return new Flags(words, line.substring(pos));
          }
          if (blankOk || word.length() > 0) {
            words.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = QUOTE;
          continue;
        }
        if (ch == '\\') {
          if (pos + 1 == len) {
            continue;
          }
          pos++;
          ch = line.charAt(pos);
        }
        word.append(ch);
        continue;
      }
      // QUOTE
      if (ch == quote) {
        phase = WORD;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == len) {
          phase = WORD;
          continue;
        }
        pos++;
        ch = line.charAt(pos);
      }
      word.append(ch);
    }
    return new Flags(words, "");
  }

  /** Shell-like words of a whole line with quotes and escapes kept, for here-document detection. */
  static List<String> shellTokens(String line, char esc) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int pos = 0; pos < line.length(); pos++) {
      char ch = line.charAt(pos);
      if (quote != 0) {
        word.append(ch);
        if (ch == quote) {
          quote = 0;
        } else if (ch == esc && quote == '"' && pos + 1 < line.length()) {
          word.append(line.charAt(++pos));
        }
        continue;
      }
      if (Text.isSpace(ch)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      word.append(ch);
      if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == esc && pos + 1 < line.length()) {
        word.append(line.charAt(++pos));
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");

  /** A here-document opener ({@code <<EOF}, {@code <<-"EOF"}): its terminator and whether tabs are chomped. */
  record Heredoc(String name, boolean chomp) {}

  static Heredoc heredoc(String word) {
    if (word.length() > 4096) {
      return null;
    }
    Matcher m = HEREDOC.matcher(word);
    if (!m.matches()) {
      return null;
    }
    String name = m.group(3).replace("'", "").replace("\"", "");
    if (name.isEmpty()) {
      return null;
    }
    return new Heredoc(name, !m.group(2).isEmpty());
  }
}
