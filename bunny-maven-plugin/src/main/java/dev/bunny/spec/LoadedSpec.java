package dev.bunny.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * A spec as an input form produced it, with the directory its relative paths are read from (the
 * build context) and the defaults the reader applied, for the log.
 */
public record LoadedSpec(ImageSpec spec, Path contextDir, List<String> notes) {

  public LoadedSpec {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}
