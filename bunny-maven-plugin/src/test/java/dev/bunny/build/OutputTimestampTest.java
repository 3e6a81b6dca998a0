package dev.bunny.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Maven's {@code project.build.outputTimestamp} convention, limited to what newc can store. */
class OutputTimestampTest {

  private static final String GARBAGE_HINT = "' is not a timestamp; write ISO-8601 such as 2026-01-01T00:00:00Z, "
      + "or seconds since the epoch such as 1767225600";
  private static final String RANGE_HINT = "' is outside 1970-01-01T00:00:00Z .. 2106-02-07T06:28:15Z, "
      + "the range initrd (newc) timestamps can hold";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2026-01-01T00:00:00Z, 1767225600",
      "2026-01-01T02:00:00+02:00, 1767225600",
      "2025-12-31T14:00:00-10:00, 1767225600",
      "2026-01-01T00:00:00.999Z, 1767225600",
      "1980-01-01T00:00:02Z, 315532802",
      "1970-01-01T00:00:00Z, 0",
      "2106-02-07T06:28:15Z, 4294967295",
      "'  2026-01-01T00:00:00Z  ', 1767225600"})
  void isoDateTimesWithAnOffset(String text, long seconds) {
    assertThat(OutputTimestamp.parse(text)).isEqualTo(seconds);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1767225600, 1767225600",
      "10, 10",
      "0000000042, 42",
      "4294967295, 4294967295"})
  void secondsSinceTheEpoch(String text, long seconds) {
    assertThat(OutputTimestamp.parse(text)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t", "x", "5", " 7 "})
  void unsetBlankOrOneCharacterMeansTheEpoch(String text) {
    assertThat(OutputTimestamp.parse(text)).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4294967296", "99999999999999999999", "2106-02-07T06:28:16Z", "2200-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z", "1970-01-01T01:00:00+02:00"})
  void outOfRangeTimesAreRejected(String text) {
    assertThatThrownBy(() -> OutputTimestamp.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + RANGE_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "-1", "1e9",
      "17672256OO"})
  void garbageIsRejectedWithWhatIsAccepted(String text) {
    assertThatThrownBy(() -> OutputTimestamp.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + GARBAGE_HINT);
  }

  @Test
  void theMessageQuotesTheTrimmedValue() {
    assertThatThrownBy(() -> OutputTimestamp.parse("  soon  ")).hasMessage("'soon" + GARBAGE_HINT);
  }

  @Test
  void theLimitIsTheLargestNewcTime() {
    assertThat(OutputTimestamp.MAX).isEqualTo(4294967295L);
  }
}
