package dev.bunny.build;

import dev.bunny.oci.Descriptor;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.urunc.UruncJson;
import dev.bunny.urunc.UruncKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Describes what an image in an OCI layout carries, for people: names, digest, platform, layers,
 * annotations, labels, {@code /urunc.json} decoded, and whether the three urunc copies agree.
 */
public final class ImageReport {

  private ImageReport() {}

  public static List<String> describe(Path layoutDir, String tag) throws IOException, BuildFailure {
    OciLayoutReader.Image image;
    try {
      image = OciLayoutReader.read(layoutDir, tag);
    } catch (IOException e) {
      throw new BuildFailure("cannot read the image in " + layoutDir + ": " + e.getMessage());
    }
    List<String> out = new ArrayList<>();
    out.add("Image tagged " + String.join(", ", image.refNames()) + ", manifest " + image.manifestDigest());
    out.add("  platform: " + image.platform().os() + "/" + image.platform().architecture());
    out.add("  layers:");
    for (Descriptor l : image.layers()) {
      out.add("    " + l.digest() + "  " + l.size() + " bytes  " + l.mediaType());
    }
    section(out, "manifest annotations", image.annotations());
    section(out, "config labels", image.labels());

    Optional<byte[]> json = OciLayoutReader.readFile(layoutDir, image, UruncKeys.URUNC_JSON_PATH);
    if (json.isEmpty()) {
      out.add("  /urunc.json: missing (urunc will not recognise this image when annotations do not reach it)");
      return out;
    }
    SortedMap<String, String> decoded = decode(new String(json.get(), StandardCharsets.UTF_8));
    section(out, "/urunc.json (decoded)", decoded);
    out.add("  urunc keys in labels, annotations and /urunc.json: "
        + (urunc(decoded).equals(urunc(image.labels())) && urunc(decoded).equals(urunc(image.annotations()))
            ? "consistent" : "DIFFER"));
    return out;
  }

  private static void section(List<String> out, String title, Map<String, String> values) {
    out.add("  " + title + ":" + (values.isEmpty() ? " (none)" : ""));
    values.forEach((k, v) -> out.add("    " + k + " = " + v));
  }

  private static SortedMap<String, String> urunc(Map<String, String> m) {
    SortedMap<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> {
      if (UruncKeys.isUruncKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** A flat JSON object of base64 strings, as urunc reads it. */
  static SortedMap<String, String> decode(String json) throws BuildFailure {
    try {
      SortedMap<String, String> out = new TreeMap<>();
      UruncJson.decode(json.getBytes(StandardCharsets.UTF_8))
          .forEach((k, v) -> out.put(k, v == null ? "(not base64: urunc would decode garbage)" : v));
      return out;
    } catch (IOException e) {
      throw new BuildFailure("/urunc.json is not valid: " + e.getMessage());
    }
  }
}
