package dev.bunny.spec;

/**
 * One thing wrong with a spec, phrased for the person who wrote it.
 *
 * @param field the logical field ({@code platform.monitor}); rendered through a {@link FieldNamer}
 * @param message what is wrong
 * @param fix what is accepted or how to fix it; may be empty
 */
public record SpecProblem(String field, String message, String fix) {

  /** Longest message part shown; longer ones (a pasted megabyte) are cut. */
  static final int MAX_PART = 300;

  /** One line: control characters are escaped so a message never moves the cursor or breaks the list. */
  public String render(FieldNamer namer) {
    String where = namer.name(field);
    return printable(where) + ": " + printable(message) + (fix == null || fix.isEmpty() ? "" : " (" + printable(fix) + ")");
  }

  static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < MAX_PART; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (Character.isISOControl(c) || (Character.isSurrogate(c) && !validPair(text, i))) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.length() < MAX_PART || sb.length() >= text.length() ? sb.toString() : sb + "...";
  }

  private static boolean validPair(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
