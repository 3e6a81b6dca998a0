package dev.bunny.build;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The time stamped on every entry and on the image: Maven's {@code project.build.outputTimestamp}
 * convention (ISO-8601 or seconds since the epoch). Unset means the epoch, so builds are
 * reproducible by default.
 */
public final class OutputTimestamp {

  /** newc stores 32-bit unsigned seconds: the latest time both archive formats can hold. */
  public static final long MAX = 0xFFFF_FFFFL;

  private OutputTimestamp() {}

  /**
   * Parses {@code value}; null, blank or a single character (Maven's "not set" marker) give 0.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static long parse(String value) {
    if (value == null || value.isBlank() || value.trim().length() == 1) {
      return 0;
    }
    String v = value.trim();
    long seconds;
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        seconds = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw outOfRange(v);
      }
    } else {
      try {
        seconds = OffsetDateTime.parse(v).toEpochSecond();
      } catch (DateTimeParseException e) {
        try {
          seconds = Instant.parse(v).getEpochSecond();
        } catch (DateTimeParseException e2) {
          throw new IllegalArgumentException("'" + v + "' is not a timestamp; write ISO-8601 such as "
              + "2026-01-01T00:00:00Z, or seconds since the epoch such as 1767225600");
        }
      }
    }
    if (seconds < 0 || seconds > MAX) {
      throw outOfRange(v);
    }
    return seconds;
  }

  private static IllegalArgumentException outOfRange(String v) {
    return new IllegalArgumentException("'" + v + "' is outside 1970-01-01T00:00:00Z .. 2106-02-07T06:28:15Z, "
        + "the range initrd (newc) timestamps can hold");
  }
}
