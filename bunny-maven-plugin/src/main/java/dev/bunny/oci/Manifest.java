package dev.bunny.oci;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An OCI image manifest with annotations, rendered to exact bytes:
 * {@code {"schemaVersion":2,"mediaType":...,"config":{..},"layers":[..],"annotations":{..}}};
 * annotations are sorted and left out when empty.
 */
public final class Manifest {

  private final Descriptor config;
  private final List<Descriptor> layers;
  private final SortedMap<String, String> annotations;

  public Manifest(Descriptor config, List<Descriptor> layers, SortedMap<String, String> annotations) {
    this.config = Objects.requireNonNull(config, "config");
    this.layers = List.copyOf(layers);
    this.annotations =
        Collections.unmodifiableSortedMap(annotations == null ? new TreeMap<>() : new TreeMap<>(annotations));
  }

  public Descriptor config() {
    return config;
  }

  public List<Descriptor> layers() {
    return layers;
  }

  public SortedMap<String, String> annotations() {
    return annotations;
  }

  public byte[] toJson() {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", 2);
      g.writeStringField("mediaType", MediaTypes.MANIFEST);
      g.writeFieldName("config");
      Json.descriptor(g, config);
      g.writeArrayFieldStart("layers");
      for (Descriptor layer : layers) {
        Json.descriptor(g, layer);
      }
      g.writeEndArray();
      if (!annotations.isEmpty()) {
        Json.stringMap(g, "annotations", annotations);
      }
      g.writeEndObject();
    });
  }
}
