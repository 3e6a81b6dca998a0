package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Digest;
import dev.bunny.oci.JsonTree;
import dev.bunny.oci.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image an OCI layout holds, as {@code bunny:push} sends it: the exact manifest bytes, the
 * blobs they name, and the names {@code index.json} gives the image. Names come from the {@code
 * io.containerd.image.name} annotations {@code bunny:build} writes (fully qualified, e.g. {@code
 * docker.io/library/app:1.0}), so a push always goes where the build said, with every tag.
 *
 * @param manifestBytes the manifest blob, byte for byte
 * @param blobs the config first, then the layers in manifest order, each once
 * @param names every name of the image, in index order
 */
public record LayoutImage(
    Path layoutDir, Digest manifestDigest, String manifestMediaType, byte[] manifestBytes, List<Blob> blobs,
    List<RegistryRef> names) {

  /** Annotation holding the fully qualified image name in {@code index.json}. */
  public static final String IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

  /** One blob to upload: its digest, size, media type and file in the layout. */
  public record Blob(Digest digest, long size, String mediaType, Path file) {}


  /**
   * Reads and checks the layout: index.json names one manifest (under one or more names), the
   * manifest blob matches its digest, and every blob it names is present with its size.
   *
   * @throws BuildFailure when there is no layout, or it is not one {@code bunny:build} could have
   *     written (the message says to run the build first)
   */
  public static LayoutImage read(Path layoutDir) throws BuildFailure, IOException {
    Path indexFile = layoutDir.resolve("index.json");
    if (!Files.isRegularFile(indexFile)) {
      throw new BuildFailure("no OCI image layout at " + layoutDir + " (index.json is missing): run bunny:build first"
          + " (e.g. mvn package bunny:push), or point <layoutDirectory> (-Dbunny.layoutDirectory) at a layout");
    }
    Map<String, Object> index = object(parse(readSmall(indexFile), indexFile), indexFile + "");
    List<Object> entries = list(index.get("manifests"), "index.json manifests");
    Digest digest = null;
    String mediaType = null;
    Set<RegistryRef> names = new LinkedHashSet<>();
    for (Object e : entries) {
      Map<String, Object> entry = object(e, "index.json manifest entry");
      Digest d = digest(entry.get("digest"), "index.json manifest digest");
      if (digest != null && !digest.equals(d)) {
        throw new BuildFailure(layoutDir + " holds several images (" + digest + ", " + d + "); bunny:push pushes the"
            + " one image bunny:build wrote: rebuild into an empty <layoutDirectory> (mvn clean package)");
      }
      digest = d;
      mediaType = string(entry.get("mediaType"), "index.json manifest mediaType");
      Object annotations = entry.get("annotations");
      Object name = annotations instanceof Map<?, ?> m ? m.get(IMAGE_NAME_ANNOTATION) : null;
      if (name instanceof String s) {
        try {
          names.add(RegistryRef.parse(s));
        } catch (IllegalArgumentException ex) {
          throw new BuildFailure(indexFile + ": image name '" + s + "' cannot be pushed: " + ex.getMessage());
        }
      }
    }
    if (digest == null) {
      throw new BuildFailure(indexFile + " lists no image: run bunny:build first");
    }
    if (names.isEmpty()) {
      throw new BuildFailure(indexFile + " gives the image no name (no " + IMAGE_NAME_ANNOTATION + " annotation):"
          + " bunny:push pushes layouts written by bunny:build; rebuild with <image> (-Dbunny.image) set");
    }
    if (!MediaTypes.MANIFEST.equals(mediaType)) {
      throw new BuildFailure(indexFile + " points at a " + mediaType + "; bunny:push pushes one "
          + MediaTypes.MANIFEST);
    }
    Path manifestFile = layoutDir.resolve(digest.blobPath());
    byte[] manifestBytes = readSmall(manifestFile);
    if (!Digest.SHA256.equals(digest.algorithm()) || !Digest.of(manifestBytes).equals(digest)) {
      throw new BuildFailure(manifestFile + " does not match its digest " + digest
          + ": the layout was changed after bunny:build wrote it; rebuild it (mvn clean package)");
    }
    Map<String, Object> manifest = object(parse(manifestBytes, manifestFile), "manifest " + digest);
    List<Blob> blobs = new ArrayList<>();
    Set<Digest> seen = new LinkedHashSet<>();
    blobs.add(blob(layoutDir, manifest.get("config"), "manifest config"));
    seen.add(blobs.get(0).digest());
    for (Object layer : list(manifest.get("layers"), "manifest layers")) {
      Blob b = blob(layoutDir, layer, "manifest layer");
      if (seen.add(b.digest())) {
        blobs.add(b);
      }
    }
    return new LayoutImage(layoutDir, digest, mediaType, manifestBytes, List.copyOf(blobs), List.copyOf(names));
  }

  /** The names grouped by registry and repository, in index order; tags in index order. */
  public Map<String, List<RegistryRef>> byRepository() {
    Map<String, List<RegistryRef>> groups = new LinkedHashMap<>();
    for (RegistryRef ref : names) {
      groups.computeIfAbsent(ref.repositoryReference(), k -> new ArrayList<>()).add(ref);
    }
    return groups;
  }

  /** Total bytes of all blobs. */
  public long totalBlobBytes() {
    return blobs.stream().mapToLong(Blob::size).sum();
  }

  private static Blob blob(Path layoutDir, Object node, String what) throws BuildFailure, IOException {
    Map<String, Object> d = object(node, what);
    Digest digest = digest(d.get("digest"), what + " digest");
    Object size = d.get("size");
    if (!(size instanceof Long || size instanceof Integer || size instanceof java.math.BigInteger)
        || ((Number) size).longValue() < 0) {
      throw new BuildFailure(layoutDir + ": " + what + " " + digest + " has no valid size");
    }
    long n = ((Number) size).longValue();
    String mediaType = string(d.get("mediaType"), what + " mediaType");
    Path file = layoutDir.resolve(digest.blobPath());
    if (!Files.isRegularFile(file)) {
      throw new BuildFailure(layoutDir + ": blob " + digest + " (" + what + ") is missing: the layout is incomplete;"
          + " rebuild it (mvn clean package)");
    }
    if (Files.size(file) != n) {
      throw new BuildFailure(file + " has " + Files.size(file) + " bytes but the manifest says " + n
          + ": the layout was changed after bunny:build wrote it; rebuild it (mvn clean package)");
    }
    return new Blob(digest, n, mediaType, file);
  }

  private static Digest digest(Object node, String what) throws BuildFailure {
    String s = string(node, what);
    try {
      return Digest.parse(s);
    } catch (IllegalArgumentException e) {
      throw new BuildFailure(what + ": " + e.getMessage());
    }
  }

  private static String string(Object node, String what) throws BuildFailure {
    if (node instanceof String s) {
      return s;
    }
    throw new BuildFailure(what + " is missing or not a string in the OCI layout");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object node, String what) throws BuildFailure {
    if (node instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new BuildFailure(what + " is missing or not a JSON object in the OCI layout");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node, String what) throws BuildFailure {
    if (node instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new BuildFailure(what + " is missing or not a JSON array in the OCI layout");
  }

  private static byte[] readSmall(Path file) throws BuildFailure, IOException {
    try {
      if (Files.size(file) > 16 * 1024 * 1024) {
        throw new BuildFailure(file + " is larger than 16 MiB: not an image metadata file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BuildFailure(file + " is missing: the OCI layout is incomplete; rebuild it (mvn clean package)");
    }
  }

  /** A JSON document as maps, lists, strings, numbers, booleans and nulls. */
  private static Object parse(byte[] json, Object what) throws BuildFailure {
    try {
      return JsonTree.parse(json, String.valueOf(what));
    } catch (IOException e) {
      throw new BuildFailure(e.getMessage());
    }
  }
}
