package dev.bunny.registry;

/** Keeps secrets out of text that reaches a log or a message. */
public final class Secrets {

  /** What a removed secret is replaced with. */
  public static final String MASK = "******";

  private Secrets() {}

  /**
   * {@code text} with every occurrence of each non-empty secret replaced by {@link #MASK}. Null
   * text stays null; null secrets are skipped.
   */
  public static String redact(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      out = out.replace(secret, MASK);
    }
    return out;
  }
}
