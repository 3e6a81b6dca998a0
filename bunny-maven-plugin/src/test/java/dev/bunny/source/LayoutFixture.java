package dev.bunny.source;

import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes OCI image layouts by hand, with real gzip tar layers, OCI or Docker media types, indexes
 * with platforms (nested too): the shapes registries and other tools produce.
 */
final class LayoutFixture {

  /** One written image manifest. */
  record Image(Descriptor manifest, Descriptor config, List<Descriptor> layers, List<Digest> diffIds) {}

  final Path dir;
  private final Map<String, Descriptor> tags = new LinkedHashMap<>();

  LayoutFixture(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  Descriptor blob(String mediaType, byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(dir.resolve(d.blobPath()), bytes);
    return new Descriptor(mediaType, d, bytes.length);
  }

  /** An uncompressed tar with one file. */
  static byte[] tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0644);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  /**
   * An image with one gzip layer per content, its config naming {@code os}/{@code arch}.
   *
   * @param docker Docker schema 2 media types instead of OCI ones
   */
  Image image(String os, String arch, boolean docker, String... contents) throws IOException {
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (int i = 0; i < contents.length; i++) {
      byte[] tar = tar("file" + i, contents[i]);
      diffIds.add(Digest.of(tar));
      layers.add(blob(docker ? SourceMediaTypes.DOCKER_LAYER_GZIP : MediaTypes.LAYER_TAR_GZIP, gzip(tar)));
    }
    StringBuilder ids = new StringBuilder();
    for (Digest d : diffIds) {
      ids.append(ids.length() == 0 ? "" : ",").append('"').append(d).append('"');
    }
    String config = "{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\",\"config\":{\"Cmd\":[\"/x\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}";
    Descriptor configD = blob(docker ? SourceMediaTypes.DOCKER_CONFIG : MediaTypes.CONFIG,
        config.getBytes(StandardCharsets.UTF_8));
    Descriptor manifest = manifest(docker ? SourceMediaTypes.DOCKER_MANIFEST : MediaTypes.MANIFEST, configD, layers);
    return new Image(manifest, configD, layers, diffIds);
  }

  /** A manifest document with these exact parts. */
  Descriptor manifest(String mediaType, Descriptor config, List<Descriptor> layers) throws IOException {
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":")
        .append(descriptorJson(config, null)).append(",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      json.append(i == 0 ? "" : ",").append(descriptorJson(layers.get(i), null));
    }
    json.append("],\"annotations\":{\"org.opencontainers.image.title\":\"fixture\"}}");
    return blob(mediaType, json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An index listing {@code entries} with platforms ({@code os/arch[/variant]}, or null for none). */
  Descriptor index(String mediaType, Map<Descriptor, String> entries) throws IOException {
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[");
    int i = 0;
    for (Map.Entry<Descriptor, String> e : entries.entrySet()) {
      json.append(i++ == 0 ? "" : ",").append(descriptorJson(e.getKey(), e.getValue()));
    }
    json.append("]}");
    return blob(mediaType, json.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String descriptorJson(Descriptor d, String platform) {
    StringBuilder s = new StringBuilder("{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest()
        + "\",\"size\":" + d.size());
    if (platform != null) {
      String[] p = platform.split("/");
      s.append(",\"platform\":{\"architecture\":\"").append(p[1]).append("\",\"os\":\"").append(p[0]).append('"');
      if (p.length > 2) {
        s.append(",\"variant\":\"").append(p[2]).append('"');
      }
      s.append('}');
    }
    return s.append('}').toString();
  }

  /** Lists {@code d} in index.json under {@code tag} (null: no ref name); writes index.json. */
  LayoutFixture tag(String tag, Descriptor d) throws IOException {
    tags.put(tag == null ? "\u0000" + tags.size() : tag, d);
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.INDEX
        + "\",\"manifests\":[");
    int i = 0;
    for (Map.Entry<String, Descriptor> e : tags.entrySet()) {
      String entry = descriptorJson(e.getValue(), null);
      if (!e.getKey().startsWith("\u0000")) {
        entry = entry.substring(0, entry.length() - 1) + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + e.getKey() + "\"}}";
      }
      json.append(i++ == 0 ? "" : ",").append(entry);
    }
    json.append("]}");
    Files.writeString(dir.resolve("index.json"), json);
    return this;
  }

  /** The layout as a tar, entries prefixed as given (e.g. "./"), with a docker manifest.json too. */
  Path archive(Path tarFile, String prefix) throws IOException {
    try (OutputStream out = Files.newOutputStream(tarFile);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(tar, prefix + "oci-layout", Files.readAllBytes(dir.resolve("oci-layout")));
      // Blobs first, index.json last: the reader must not depend on the order.
      try (var files = Files.list(dir.resolve("blobs/sha256"))) {
        for (Path p : files.sorted().toList()) {
          add(tar, prefix + "blobs/sha256/" + p.getFileName(), Files.readAllBytes(p));
        }
      }
      add(tar, prefix + "manifest.json", "[]".getBytes(StandardCharsets.UTF_8));
      add(tar, prefix + "index.json", Files.readAllBytes(dir.resolve("index.json")));
    }
    return tarFile;
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
