package dev.bunny.containerfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.util.ArrayList;
import java.util.List;

/**
 * The exec form of CMD, ENTRYPOINT, COPY and VOLUME: text that is exactly one JSON array (Go's
 * {@code json.Unmarshal} rules: nothing but whitespace after it).
 */
final class JsonArgs {

  private JsonArgs() {}

  enum Kind {
    /** A JSON array of strings. */
    STRINGS,
    /** Valid JSON array with a non-string element: Docker rejects it. */
    NOT_STRINGS,
    /** Not a JSON array at all: Docker falls back to the shell form. */
    INVALID
  }

  record Result(Kind kind, List<String> values) {}

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
      .build();

  static Result parse(String text) {
    if (!text.startsWith("[")) {
      return new Result(Kind.INVALID, List.of());
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return new Result(Kind.INVALID, List.of());
      }
      List<String> values = new ArrayList<>();
      boolean allStrings = true;
      while (true) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return new Result(Kind.INVALID, List.of());
        }
        if (t == JsonToken.END_ARRAY) {
          break;
        }
        if (t == JsonToken.VALUE_STRING) {
          values.add(p.getText());
        } else {
          allStrings = false;
          if (t.isStructStart()) {
            p.skipChildren();
          }
        }
      }
      if (p.nextToken() != null) {
        return new Result(Kind.INVALID, List.of());
      }
      return allStrings ? new Result(Kind.STRINGS, values) : new Result(Kind.NOT_STRINGS, List.of());
    } catch (java.io.IOException | RuntimeException e) {
      return new Result(Kind.INVALID, List.of());
    }
  }
}
