package dev.bunny.spec;

/**
 * Turns a logical field name ({@code platform.monitor}, {@code rootfs.includes[2]}) into the words
 * the user recognises for the input form they wrote: {@code <platform><monitor>} for a POM,
 * {@code bunnyfile:7:14 platforms.monitor} for a bunnyfile.
 */
@FunctionalInterface
public interface FieldNamer {
  String name(String field);

  /** Names fields as they are, for tests and programmatic use. */
  FieldNamer PLAIN = field -> field;
}
