package dev.bunny.urunc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;

/**
 * Renders {@code /urunc.json}: a flat JSON object, keys sorted, every value standard base64 (with
 * padding) of its UTF-8 text. urunc decodes every value blindly, so plain text would be corrupted
 * (urunc#983); an empty value stays {@code ""}.
 */
public final class UruncJson {

  /** The file mode urunc and bunny use. */
  public static final int MODE = 0644;

  private UruncJson() {}

  /**
   * Decodes {@code urunc.json} as urunc does: every value base64-decoded. A value that is not
   * base64 is kept as {@code null} so callers can say so.
   *
   * @throws IOException when the bytes are not a flat JSON object of strings
   */
  public static SortedMap<String, String> decode(byte[] json) throws IOException {
    SortedMap<String, String> out = new java.util.TreeMap<>();
    try (com.fasterxml.jackson.core.JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IOException("urunc.json is not a JSON object");
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          throw new IOException("urunc.json value of " + key + " is not a string");
        }
        try {
          out.put(key, new String(Base64.getDecoder().decode(p.getText()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          out.put(key, null);
        }
      }
    }
    return out;
  }

  public static byte[] render(SortedMap<String, String> urunc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(urunc).entrySet()) { // natural order, whatever the map's
        json.writeStringField(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
