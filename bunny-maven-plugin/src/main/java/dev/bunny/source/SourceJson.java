package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.oci.JsonTree;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reading index, manifest and config JSON of source images: every shape problem becomes a
 * {@link BuildFailure} naming the document, since source images come from anywhere.
 */
final class SourceJson {

  private SourceJson() {}

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(byte[] json, String what) throws BuildFailure {
    Object v;
    try {
      v = JsonTree.parse(json, what);
    } catch (IOException e) {
      throw new BuildFailure(e.getMessage());
    }
    if (!(v instanceof Map)) {
      throw new BuildFailure(what + " is not a JSON object");
    }
    return (Map<String, Object>) v;
  }

  /** The object at {@code key}, or an empty map when absent. */
  static Map<String, Object> object(Map<String, Object> parent, String key, String what) throws BuildFailure {
    try {
      return JsonTree.object(parent, key, what);
    } catch (IOException e) {
      throw new BuildFailure(e.getMessage());
    }
  }

  /** The array at {@code key}, or an empty list when absent. */
  static List<Object> array(Map<String, Object> parent, String key, String what) throws BuildFailure {
    try {
      return JsonTree.array(parent, key, what);
    } catch (IOException e) {
      throw new BuildFailure(e.getMessage());
    }
  }

  /** A string member, or null when absent. */
  static String optString(Map<String, Object> parent, String key, String what) throws BuildFailure {
    Object v = parent.get(key);
    if (v != null && !(v instanceof String)) {
      throw new BuildFailure(what + ": '" + key + "' is not a string");
    }
    return (String) v;
  }

  static String string(Map<String, Object> parent, String key, String what) throws BuildFailure {
    String v = optString(parent, key, what);
    if (v == null) {
      throw new BuildFailure(what + ": '" + key + "' is missing");
    }
    return v;
  }

  /** A descriptor object; {@code platform} is left null here (index entries read it themselves). */
  @SuppressWarnings("unchecked")
  static Descriptor descriptor(Object node, String what) throws BuildFailure {
    if (!(node instanceof Map)) {
      throw new BuildFailure(what + " is not an object");
    }
    Map<String, Object> m = (Map<String, Object>) node;
    Object size = m.get("size");
    if (!(size instanceof Number) || ((Number) size).longValue() < 0) {
      throw new BuildFailure(what + ": 'size' is missing or not a non-negative number");
    }
    Digest digest;
    try {
      digest = Digest.parse(string(m, "digest", what));
    } catch (IllegalArgumentException e) {
      throw new BuildFailure(what + ": " + e.getMessage());
    }
    SortedMap<String, String> annotations = new TreeMap<>();
    for (Map.Entry<String, Object> e : object(m, "annotations", what).entrySet()) {
      if (e.getValue() instanceof String s) {
        annotations.put(e.getKey(), s);
      }
    }
    return new Descriptor(string(m, "mediaType", what), digest, ((Number) size).longValue(), annotations, null);
  }
}
