package dev.bunny.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * Names fields of a text input ({@code bunnyfile}, {@code Containerfile}) by where they were
 * written: {@code bunnyfile:7:14 platforms.monitor}. Parsers record a location for each logical
 * field they fill; a field that was never written is named by its nearest written parent, then
 * by the file alone.
 */
public final class LocatedFieldNamer implements FieldNamer {

  private final String file;
  private final Map<String, String> locations = new HashMap<>();

  public LocatedFieldNamer(String file) {
    this.file = file;
  }

  /**
   * Records that logical {@code field} was written as {@code written} at 1-based
   * {@code line}:{@code column}.
   */
  public void record(String field, int line, int column, String written) {
    locations.put(field, file + ":" + line + ":" + column + " " + written);
  }

  /** Records an already rendered location for {@code field}. */
  public void recordRaw(String field, String rendered) {
    locations.put(field, rendered);
  }

  /** Where the whole input starts, for problems that belong to no field. */
  public String at(int line, int column) {
    return file + ":" + line + ":" + column;
  }

  public String file() {
    return file;
  }

  @Override
  public String name(String field) {
    if (field.startsWith(file + ":")) {
      return field; // already a location (parsers report syntax problems that way)
    }
    String f = field;
    while (true) {
      String known = locations.get(f);
      if (known != null) {
        return f.equals(field) ? known : known + " (" + field + ")";
      }
      int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
      if (cut <= 0) {
        return file + " " + field;
      }
      f = f.substring(0, cut);
    }
  }
}
