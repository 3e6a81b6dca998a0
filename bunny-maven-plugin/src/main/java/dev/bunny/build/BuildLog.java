package dev.bunny.build;

/** Where the core reports progress; the Maven edge maps it to Maven's log. */
public interface BuildLog {
  void info(String message);

  void warn(String message);

  void debug(String message);

  /** Discards everything (tests). */
  BuildLog SILENT = new BuildLog() {
    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {}

    @Override
    public void debug(String message) {}
  };
}
