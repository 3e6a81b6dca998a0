package dev.bunny.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses small JSON documents (index, manifest, config) into maps, lists, strings, numbers and
 * booleans. A tiny tree is enough for reading images back and keeps us off jackson-databind.
 */
public final class JsonTree {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTree() {}

  /** Parses any JSON value; {@code what} names the document in error messages. */
  public static Object parse(byte[] json, String what) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new IOException(what + " is empty");
      }
      Object value = readValue(p);
      if (p.nextToken() != null) {
        throw new IOException(what + " has content after the JSON value");
      }
      return value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a JSON object; {@code what} names the document in error messages. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(byte[] json, String what) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new IOException(what + " is not a JSON object");
      }
      Object value = readValue(p);
      if (p.nextToken() != null) {
        throw new IOException(what + " has content after the JSON object");
      }
      return (Map<String, Object>) value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Object readValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, readValue(p));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(p));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  /** The object at {@code key}, or an empty map when absent. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> parent, String key, String what) throws IOException {
    Object v = parent.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map)) {
      throw new IOException(what + ": '" + key + "' is not an object");
    }
    return (Map<String, Object>) v;
  }

  /** The array at {@code key}, or an empty list when absent. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Map<String, Object> parent, String key, String what) throws IOException {
    Object v = parent.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new IOException(what + ": '" + key + "' is not an array");
    }
    return (List<Object>) v;
  }

  static String string(Map<String, Object> parent, String key, String what) throws IOException {
    Object v = parent.get(key);
    if (!(v instanceof String)) {
      throw new IOException(what + ": '" + key + "' is missing or not a string");
    }
    return (String) v;
  }

  static SortedMap<String, String> stringMap(Map<String, Object> parent, String key, String what) throws IOException {
    SortedMap<String, String> result = new TreeMap<>();
    for (Map.Entry<String, Object> e : object(parent, key, what).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw new IOException(what + ": '" + key + "." + e.getKey() + "' is not a string");
      }
      result.put(e.getKey(), (String) e.getValue());
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  static Descriptor descriptor(Object node, String what) throws IOException {
    if (!(node instanceof Map)) {
      throw new IOException(what + " is not an object");
    }
    Map<String, Object> m = (Map<String, Object>) node;
    Object size = m.get("size");
    if (!(size instanceof Number)) {
      throw new IOException(what + ": 'size' is missing or not a number");
    }
    Digest digest;
    try {
      digest = Digest.parse(string(m, "digest", what));
    } catch (IllegalArgumentException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
    Platform platform = null;
    if (m.get("platform") != null) {
      Map<String, Object> pm = object(m, "platform", what);
      platform = new Platform(string(pm, "os", what + " platform"), string(pm, "architecture", what + " platform"));
    }
    return new Descriptor(
        string(m, "mediaType", what), digest, ((Number) size).longValue(), stringMap(m, "annotations", what), platform);
  }
}
