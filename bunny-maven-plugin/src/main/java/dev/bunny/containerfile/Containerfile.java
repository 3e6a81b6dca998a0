package dev.bunny.containerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Containerfile (Dockerfile syntax).
 *
 * @param fileName the name used in messages
 * @param directives parser directives found at the top, by lowercased name ({@code syntax},
 *     {@code escape}, {@code check}), in written order
 * @param stages one per {@code FROM}, in written order
 * @param notes harmless things that were ignored, each starting with its location, e.g.
 *     {@code Containerfile:7:1 EXPOSE has no effect on a unikernel image; ignored}
 */
public record Containerfile(
    String fileName, Map<String, String> directives, List<Stage> stages, List<String> notes) {

  public Containerfile {
    directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
    stages = List.copyOf(stages);
    notes = List.copyOf(notes);
  }
}
