package dev.bunny.registry;

import dev.bunny.build.BuildLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every log line, with its level, for assertions. */
final class RecordingLog implements BuildLog {

  final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  String all() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }
}
