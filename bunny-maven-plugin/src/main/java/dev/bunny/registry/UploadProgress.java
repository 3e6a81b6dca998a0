package dev.bunny.registry;

import dev.bunny.build.BuildLog;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Progress lines for one blob upload: one line per 10 % for blobs of at least {@link #MIN_SIZE}
 * bytes, none for smaller ones (their single "uploaded" line is enough).
 */
final class UploadProgress implements LongConsumer {

  /** Blobs smaller than this get no progress lines. */
  static final long MIN_SIZE = 1L << 20;

  private final BuildLog log;
  private final String what;
  private final long size;
  private long sent;
  private int lastTenth;

  UploadProgress(BuildLog log, String what, long size) {
    this.log = log;
    this.what = what;
    this.size = size;
  }

  @Override
  public void accept(long bytes) {
    sent += bytes;
    if (size < MIN_SIZE) {
      return;
    }
    int tenth = (int) Math.min(10, sent * 10 / size);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      log.info(String.format(Locale.ROOT, "  %s: %d%% (%.1f of %.1f MiB)", what, tenth * 10,
          Math.min(sent, size) / (double) (1L << 20), size / (double) (1L << 20)));
    }
  }

  static String mib(long bytes) {
    return bytes < 1L << 20 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
