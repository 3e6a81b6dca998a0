package dev.bunny.oci;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image configuration ({@code config.json} of the OCI image spec), rendered to exact bytes.
 *
 * <p>Key order is fixed: {@code created, architecture, os, config{Env, Entrypoint, Cmd,
 * WorkingDir, Labels}, rootfs{type, diff_ids}, history[{created, created_by}]}. Empty {@code Env}
 * and {@code Labels} are left out; a null {@code Entrypoint}, {@code Cmd} or {@code WorkingDir} is
 * left out, while an empty list is written as {@code []} (it clears a base image's value).
 * Times are RFC 3339 in UTC with whole seconds, like the tar entries.
 */
public final class ImageConfig {

  /** One image history entry; {@code createdBy} may be null (then omitted). */
  public record HistoryEntry(Instant created, String createdBy) {
    public HistoryEntry {
      Objects.requireNonNull(created, "created");
    }
  }

  private final Instant created;
  private final String architecture;
  private final String os;
  private final List<String> env;
  private final List<String> entrypoint;
  private final List<String> cmd;
  private final String workingDir;
  private final String user;
  private final SortedMap<String, String> labels;
  private final List<Digest> diffIds;
  private final List<HistoryEntry> history;

  /**
   * @param env {@code KEY=value} strings, in the given order
   * @param entrypoint null to omit
   * @param cmd null to omit
   * @param workingDir null to omit
   * @param history empty, or one entry per diff ID
   */
  public ImageConfig(
      Instant created,
      String architecture,
      String os,
      List<String> env,
      List<String> entrypoint,
      List<String> cmd,
      String workingDir,
      SortedMap<String, String> labels,
      List<Digest> diffIds,
      List<HistoryEntry> history) {
    this(created, architecture, os, env, entrypoint, cmd, workingDir, null, labels, diffIds, history);
  }

  /** @param user the image config {@code User}, null to omit */
  public ImageConfig(
      Instant created,
      String architecture,
      String os,
      List<String> env,
      List<String> entrypoint,
      List<String> cmd,
      String workingDir,
      String user,
      SortedMap<String, String> labels,
      List<Digest> diffIds,
      List<HistoryEntry> history) {
    this.user = user;
    this.created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.SECONDS);
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    this.os = Objects.requireNonNull(os, "os");
    this.env = copy(env);
    this.entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    this.cmd = cmd == null ? null : List.copyOf(cmd);
    this.workingDir = workingDir;
    this.labels = Collections.unmodifiableSortedMap(labels == null ? new TreeMap<>() : new TreeMap<>(labels));
    this.diffIds = copy(diffIds);
    this.history = copy(history);
    if (!this.history.isEmpty() && this.history.size() != this.diffIds.size()) {
      throw new IllegalArgumentException(
          "image history has " + this.history.size() + " entries for " + this.diffIds.size()
              + " layers; give one entry per layer or none");
    }
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Instant created() {
    return created;
  }

  public String architecture() {
    return architecture;
  }

  public String os() {
    return os;
  }

  public Platform platform() {
    return new Platform(os, architecture);
  }

  public List<String> env() {
    return env;
  }

  public List<String> entrypoint() {
    return entrypoint;
  }

  public List<String> cmd() {
    return cmd;
  }

  public String workingDir() {
    return workingDir;
  }

  public String user() {
    return user;
  }

  public SortedMap<String, String> labels() {
    return labels;
  }

  public List<Digest> diffIds() {
    return diffIds;
  }

  public List<HistoryEntry> history() {
    return history;
  }

  /** The exact bytes of {@code config.json}: compact UTF-8 JSON in the fixed key order. */
  public byte[] toJson() {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("created", rfc3339(created));
      g.writeStringField("architecture", architecture);
      g.writeStringField("os", os);
      g.writeObjectFieldStart("config");
      if (user != null) {
        g.writeStringField("User", user);
      }
      if (!env.isEmpty()) {
        Json.stringArray(g, "Env", env);
      }
      if (entrypoint != null) {
        Json.stringArray(g, "Entrypoint", entrypoint);
      }
      if (cmd != null) {
        Json.stringArray(g, "Cmd", cmd);
      }
      if (workingDir != null) {
        g.writeStringField("WorkingDir", workingDir);
      }
      if (!labels.isEmpty()) {
        Json.stringMap(g, "Labels", labels);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("rootfs");
      g.writeStringField("type", "layers");
      g.writeArrayFieldStart("diff_ids");
      for (Digest d : diffIds) {
        g.writeString(d.toString());
      }
      g.writeEndArray();
      g.writeEndObject();
      if (!history.isEmpty()) {
        g.writeArrayFieldStart("history");
        for (HistoryEntry h : history) {
          g.writeStartObject();
          g.writeStringField("created", rfc3339(h.created()));
          if (h.createdBy() != null) {
            g.writeStringField("created_by", h.createdBy());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  /** RFC 3339 in UTC with whole seconds, e.g. {@code 1970-01-01T00:00:00Z}; never the local zone. */
  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Collects the fields; {@link #layers} fills diff IDs and history from written layers. */
  public static final class Builder {
    private Instant created = Instant.EPOCH;
    private String architecture = "amd64";
    private String os = "linux";
    private List<String> env = List.of();
    private List<String> entrypoint;
    private List<String> cmd;
    private String workingDir;
    private String user;
    private final SortedMap<String, String> labels = new TreeMap<>();
    private List<Digest> diffIds = List.of();
    private List<HistoryEntry> history;
    private List<String> layerCreatedBy;

    private Builder() {}

    public Builder created(Instant value) {
      created = value;
      return this;
    }

    public Builder architecture(String value) {
      architecture = value;
      return this;
    }

    public Builder os(String value) {
      os = value;
      return this;
    }

    public Builder env(List<String> value) {
      env = value;
      return this;
    }

    public Builder entrypoint(List<String> value) {
      entrypoint = value;
      return this;
    }

    public Builder cmd(List<String> value) {
      cmd = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder workingDir(String value) {
      workingDir = value;
      return this;
    }

    public Builder labels(SortedMap<String, String> value) {
      labels.clear();
      labels.putAll(value);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder diffIds(List<Digest> value) {
      diffIds = value;
      layerCreatedBy = null;
      return this;
    }

    public Builder history(List<HistoryEntry> value) {
      history = value;
      return this;
    }

    /**
     * Takes diff IDs from {@code layers}, and unless {@link #history} is set, one history entry per
     * layer with the image's {@code created} time and the layer's {@code createdBy}.
     */
    public Builder layers(List<Layer> layers) {
      List<Digest> ids = new ArrayList<>();
      List<String> by = new ArrayList<>();
      for (Layer l : layers) {
        ids.add(l.diffId());
        by.add(l.createdBy());
      }
      diffIds = ids;
      layerCreatedBy = by;
      return this;
    }

    public ImageConfig build() {
      List<HistoryEntry> h = history;
      if (h == null && layerCreatedBy != null) {
        h = new ArrayList<>();
        for (String by : layerCreatedBy) {
          h.add(new HistoryEntry(created, by));
        }
      }
      return new ImageConfig(created, architecture, os, env, entrypoint, cmd, workingDir, user, labels, diffIds, h);
    }
  }
}
