package dev.bunny.registry;

import dev.bunny.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Writes small OCI layouts the way bunny:build does (index.json names, exact manifest bytes). */
final class TestLayouts {

  /** The manifest bytes of the last layout written: with non-ASCII annotation values and odd spacing. */
  record Written(Path dir, byte[] manifest, Digest digest, List<Digest> blobs) {}

  private TestLayouts() {}

  /** A layout with a config, a {@code layerSize}-byte layer and a tiny one, named {@code names}. */
  static Written write(Path dir, long layerSize, String... names) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[(int) layerSize];
    new Random(7).nextBytes(layer);
    byte[] small = "tiny layer".getBytes(StandardCharsets.UTF_8);
    Digest c = blob(dir, config);
    Digest l = blob(dir, layer);
    Digest s = blob(dir, small);
    // Not what Jackson would write by itself: key order, spaces, escapes and UTF-8 must all survive.
    String manifestJson = "{\"schemaVersion\":2, \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + c + "\",\"size\":"
        + config.length + "},\"layers\":["
        + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + l + "\",\"size\":" + layer.length + "},"
        + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + s + "\",\"size\":" + small.length + "}],"
        + "\"annotations\":{\"com.urunc.unikernel.unikernelType\":\"unikraft\",\"com.urunc.unikernel.cmdline\":"
        + "\"caf\u00e9 \u2192 \\\"quoted\\\" \\u00e9\",\"z\":\"1\"}}";
    byte[] manifest = manifestJson.getBytes(StandardCharsets.UTF_8);
    Digest m = blob(dir, manifest);
    StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
    for (int i = 0; i < names.length; i++) {
      String tag = names[i].substring(names[i].lastIndexOf(':') + 1);
      index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
          .append(m).append("\",\"size\":").append(manifest.length).append(",\"annotations\":{\"io.containerd.image.name\":\"")
          .append(names[i]).append("\",\"org.opencontainers.image.ref.name\":\"").append(tag).append("\"}}");
    }
    index.append("]}");
    Files.writeString(dir.resolve("index.json"), index);
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return new Written(dir, manifest, m, List.of(c, l, s));
  }

  private static Digest blob(Path dir, byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(dir.resolve(d.blobPath()), bytes);
    return d;
  }
}
