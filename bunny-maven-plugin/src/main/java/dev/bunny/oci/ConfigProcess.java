package dev.bunny.oci;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The process settings an image config carries ({@code config.Env}, {@code Entrypoint}, {@code
 * Cmd}, {@code WorkingDir}, {@code User}, {@code Labels}): what a base image hands on to an image
 * built on top of it. Absent values are empty lists or null.
 */
public record ConfigProcess(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
    SortedMap<String, String> labels) {

  /** Reads the settings out of config JSON bytes. */
  public static ConfigProcess read(byte[] configJson, String what) throws IOException {
    Map<String, Object> root = JsonTree.parseObject(configJson, what);
    Map<String, Object> config = JsonTree.object(root, "config", what);
    return new ConfigProcess(strings(config, "Env", what), strings(config, "Entrypoint", what),
        strings(config, "Cmd", what), optional(config, "WorkingDir", what), optional(config, "User", what),
        JsonTree.stringMap(config, "Labels", what));
  }

  private static List<String> strings(Map<String, Object> config, String key, String what) throws IOException {
    List<String> out = new ArrayList<>();
    for (Object o : JsonTree.array(config, key, what)) {
      if (!(o instanceof String)) {
        throw new IOException(what + ": config." + key + " holds a value that is not a string");
      }
      out.add((String) o);
    }
    return List.copyOf(out);
  }

  private static String optional(Map<String, Object> config, String key, String what) throws IOException {
    Object v = config.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      throw new IOException(what + ": config." + key + " is not a string");
    }
    return ((String) v).isEmpty() ? null : (String) v;
  }
}
