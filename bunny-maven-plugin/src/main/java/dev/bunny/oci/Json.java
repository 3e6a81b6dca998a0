package dev.bunny.oci;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the JSON documents whose exact bytes get hashed (config, manifest, index). Output is
 * compact UTF-8, keys come in the order the caller writes them, and maps are always emitted in
 * natural key order, so the same values always give the same digest.
 */
final class Json {

  /** Writes one JSON value with a generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  // A plain factory: no pretty printer, no ASCII escaping (non-ASCII stays UTF-8, as Go writes it).
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e); // cannot happen for a byte array
    }
    return out.toByteArray();
  }

  static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Writes {@code field: {..}} with keys in natural order. */
  static void stringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** Writes a descriptor object: mediaType, digest, size, then annotations and platform when present. */
  static void descriptor(JsonGenerator g, Descriptor d) throws IOException {
    g.writeStartObject();
    g.writeStringField("mediaType", d.mediaType());
    g.writeStringField("digest", d.digest().toString());
    g.writeNumberField("size", d.size());
    if (!d.annotations().isEmpty()) {
      stringMap(g, "annotations", d.annotations());
    }
    if (d.platform() != null) {
      g.writeObjectFieldStart("platform");
      g.writeStringField("architecture", d.platform().architecture());
      g.writeStringField("os", d.platform().os());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
