package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Picks the image of an OCI layout's {@code index.json} that an {@code oci:}/{@code oci-archive:} reference names. */
final class LayoutIndex {

  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private LayoutIndex() {}

  /**
   * The entry tagged {@code tag} ({@code org.opencontainers.image.ref.name}; a fully qualified ref
   * name {@code name:tag} matches by its tag too), or with no tag the only image.
   *
   * @param reference the reference as written, for messages
   */
  static Descriptor select(byte[] indexJson, String tag, String reference, String where) throws BuildFailure {
    Map<String, Object> index = SourceJson.object(indexJson, where + " index.json");
    List<Descriptor> entries = new ArrayList<>();
    int i = 0;
    for (Object node : SourceJson.array(index, "manifests", where + " index.json")) {
      entries.add(SourceJson.descriptor(node, where + " index.json entry " + i++));
    }
    if (entries.isEmpty()) {
      throw new BuildFailure("'" + reference + "': " + where + " holds no image (its index.json lists none)");
    }
    List<Descriptor> chosen = new ArrayList<>();
    if (tag == null) {
      chosen.addAll(entries);
    } else {
      for (Descriptor d : entries) {
        if (tag.equals(d.annotations().get(REF_NAME))) {
          chosen.add(d);
        }
      }
      if (chosen.isEmpty()) {
        for (Descriptor d : entries) {
          String name = d.annotations().get(REF_NAME);
          int colon = name == null ? -1 : name.lastIndexOf(':');
          if (colon >= 0 && name.indexOf('/', colon) < 0 && name.substring(colon + 1).equals(tag)) {
            chosen.add(d);
          }
        }
      }
      if (chosen.isEmpty()) {
        throw new BuildFailure("'" + reference + "': " + where + " has no image tagged '" + tag + "'; it has "
            + tags(entries) + " (the org.opencontainers.image.ref.name annotations of its index.json)");
      }
    }
    Set<Digest> digests = new LinkedHashSet<>();
    for (Descriptor d : chosen) {
      digests.add(d.digest());
    }
    if (digests.size() > 1) {
      throw new BuildFailure("'" + reference + "': " + where + " holds " + digests.size() + " images"
          + (tag == null ? "" : " tagged '" + tag + "'") + "; name one with a tag after the path (e.g. "
          + (tag == null ? reference : reference.substring(0, reference.length() - tag.length() - 1)) + ":<tag>): its tags are " + tags(entries));
    }
    return chosen.get(0);
  }

  private static String tags(List<Descriptor> entries) {
    Set<String> tags = new LinkedHashSet<>();
    for (Descriptor d : entries) {
      String name = d.annotations().get(REF_NAME);
      tags.add(name == null ? "(untagged " + d.digest() + ")" : name);
    }
    return String.join(", ", tags);
  }
}
