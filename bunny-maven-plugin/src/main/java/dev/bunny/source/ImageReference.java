package dev.bunny.source;

import dev.bunny.oci.Digest;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A source image reference as written in a spec: a registry image ({@code
 * registry.example/team/kernel:1.0}, {@code redis:7}, {@code name@sha256:...}), a local OCI layout
 * ({@code oci:<dir>[:tag]}) or a local OCI archive ({@code oci-archive:<file>[:tag]}).
 *
 * <p>Registry references follow Docker's syntax: the first path component is the registry when it
 * contains a {@code .} or a {@code :} or is {@code localhost}; otherwise the image is on Docker Hub
 * ({@code docker.io}), under {@code library/} when the name has one component. The tag defaults to
 * {@code latest} unless a digest is given; with a digest, the digest decides what is pulled.
 *
 * <p>Local paths stay as written; the resolver resolves them against the project directory.
 */
public final class ImageReference {

  /** What kind of source a reference names. */
  public enum Kind {
    /** An image in a registry. */
    REGISTRY,
    /** An OCI image layout directory. */
    OCI_LAYOUT,
    /** A tar of an OCI image layout. */
    OCI_ARCHIVE
  }

  /** The forms accepted, for error messages. */
  static final String FORMS = "accepted forms: [registry[:port]/]repository[:tag][@sha256:<64 hex>]"
      + " (e.g. redis:7, ghcr.io/team/kernel:1.0, 127.0.0.1:5000/app@sha256:...), oci:<directory>[:tag]"
      + " (an OCI image layout) and oci-archive:<file>[:tag] (a tar of one)";

  public static final String OCI_PREFIX = "oci:";
  public static final String OCI_ARCHIVE_PREFIX = "oci-archive:";

  private static final String DOCKER_HUB = "docker.io";
  private static final String DEFAULT_TAG = "latest";

  private static final Pattern HOST_COMPONENT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+\\]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Other image transports (skopeo's names) that people may write here by habit. */
  private static final String[] FOREIGN_TRANSPORTS = {
    "docker-archive:", "docker-daemon:", "containers-storage:", "ostree:", "sif:", "tarball:"
  };

  private final String text;
  private final Kind kind;
  private final String registry;
  private final String repository;
  private final String tag;
  private final Digest digest;
  private final String path;

  private ImageReference(String text, Kind kind, String registry, String repository, String tag, Digest digest,
      String path) {
    this.text = text;
    this.kind = kind;
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    this.path = path;
  }

  /**
   * Parses {@code text} (surrounding white space is ignored).
   *
   * @throws IllegalArgumentException with a message saying what is wrong and which forms are accepted
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the image reference is empty; " + FORMS);
    }
    String t = text.trim();
    if (t.startsWith(OCI_ARCHIVE_PREFIX)) {
      return local(t, Kind.OCI_ARCHIVE, t.substring(OCI_ARCHIVE_PREFIX.length()), "file");
    }
    if (t.startsWith(OCI_PREFIX)) {
      return local(t, Kind.OCI_LAYOUT, t.substring(OCI_PREFIX.length()), "directory");
    }
    return registryReference(t);
  }

  private static ImageReference local(String text, Kind kind, String rest, String what) {
    String prefix = kind == Kind.OCI_ARCHIVE ? OCI_ARCHIVE_PREFIX : OCI_PREFIX;
    String p = rest;
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      String after = rest.substring(colon + 1);
      if (after.indexOf('/') < 0 && after.indexOf('\\') < 0) {
        if (after.isEmpty()) {
          throw new IllegalArgumentException("'" + text + "' ends with ':' but names no tag; write " + prefix + "<"
              + what + ">:<tag>, or leave out the ':' when the layout holds one image");
        }
        p = rest.substring(0, colon);
        tag = after;
      }
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no " + what + "; write " + prefix + "<" + what
          + ">[:tag], the " + what + " relative to the project directory or absolute");
    }
    return new ImageReference(text, kind, null, null, tag, null, p);
  }

  private static ImageReference registryReference(String t) {
    if (t.contains("://")) {
      String scheme = t.substring(0, t.indexOf("://"));
      throw new IllegalArgumentException("'" + t + "' has a URL scheme (" + scheme + "://); write the image without"
          + " it, e.g. " + t.substring(t.indexOf("://") + 3) + "; " + FORMS);
    }
    for (String foreign : FOREIGN_TRANSPORTS) {
      if (t.startsWith(foreign)) {
        throw new IllegalArgumentException("'" + t + "': the " + foreign.substring(0, foreign.length() - 1)
            + " transport is not supported (copy the image into an OCI layout first, e.g. with skopeo copy "
            + t + " oci:<dir>:<tag>); " + FORMS);
      }
    }
    if (t.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("'" + t + "' contains white space; " + FORMS);
    }
    String name = t;
    Digest digest = null;
    int at = t.indexOf('@');
    if (at >= 0) {
      String d = t.substring(at + 1);
      name = t.substring(0, at);
      if (!SHA256.matcher(d).matches()) {
        throw new IllegalArgumentException("'" + t + "': '" + d + "' is not a digest; after '@' write sha256: and 64"
            + " lowercase hex characters; " + FORMS);
      }
      digest = Digest.parse(d);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + t + "' names no repository; " + FORMS);
    }
    String tag = null;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("'" + t + "': '" + tag + "' is not a valid tag (letters, digits, '_', '.'"
            + " and '-', at most 128, not starting with '.' or '-'); " + FORMS);
      }
    }
    String registry = DOCKER_HUB;
    String repository = name;
    int slash = name.indexOf('/');
    if (slash >= 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        repository = name.substring(slash + 1);
        checkRegistry(t, registry);
      }
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (repository.isEmpty()) {
      throw new IllegalArgumentException("'" + t + "' names a registry but no repository; " + FORMS);
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        if (!component.equals(component.toLowerCase(Locale.ROOT))
            && PATH_COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches()) {
          throw new IllegalArgumentException("'" + t + "': repository names must be lowercase ('" + component
              + "' is not; the registry host may have capitals, the repository may not); " + FORMS);
        }
        throw new IllegalArgumentException("'" + t + "': '" + component + "' is not a valid repository name component"
            + " (lowercase letters and digits, separated by '.', '_', '__' or '-'; components separated by '/'); "
            + FORMS);
      }
    }
    if (repository.length() > 255) {
      throw new IllegalArgumentException("'" + t + "': the repository name is longer than 255 characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(t, Kind.REGISTRY, registry, repository, tag, digest, null);
  }

  private static void checkRegistry(String t, String registry) {
    String host = registry;
    String port = null;
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      host = end < 0 ? registry : registry.substring(0, end + 1);
      String rest = end < 0 ? "" : registry.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          host = registry; // fails below
        } else {
          port = rest.substring(1);
        }
      }
      if (!IPV6.matcher(host).matches()) {
        throw new IllegalArgumentException("'" + t + "': '" + registry + "' is not a valid registry host; " + FORMS);
      }
    } else {
      int colon = registry.indexOf(':');
      if (colon >= 0) {
        host = registry.substring(0, colon);
        port = registry.substring(colon + 1);
      }
      for (String component : host.split("\\.", -1)) {
        if (!HOST_COMPONENT.matcher(component).matches()) {
          throw new IllegalArgumentException("'" + t + "': '" + registry + "' is not a valid registry host; " + FORMS);
        }
      }
    }
    if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535)) {
      throw new IllegalArgumentException("'" + t + "': '" + port + "' is not a valid port of the registry '"
          + registry + "'; " + FORMS);
    }
  }

  /** The reference as written (without surrounding white space). */
  public String text() {
    return text;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRegistry() {
    return kind == Kind.REGISTRY;
  }

  /** The registry ({@code host[:port]}, {@code docker.io} for Docker Hub); null for local sources. */
  public String registry() {
    return registry;
  }

  /** The repository ({@code library/redis}); null for local sources. */
  public String repository() {
    return repository;
  }

  /**
   * The tag: for registry references {@code latest} when neither a tag nor a digest was written,
   * null when only a digest was; for local sources the tag after the path, or null.
   */
  public String tag() {
    return tag;
  }

  /** The digest after {@code @}, or null. */
  public Digest digest() {
    return digest;
  }

  /** The directory ({@code oci:}) or file ({@code oci-archive:}) as written; null for registry references. */
  public String path() {
    return path;
  }

  /** For a registry reference, what to ask the registry for: the digest if given, else the tag. */
  public String qualifier() {
    return digest != null ? digest.toString() : tag;
  }

  /**
   * The fully qualified form, e.g. {@code docker.io/library/redis:7} or {@code
   * 127.0.0.1:5000/app:1@sha256:...}; for local sources the text as written.
   */
  public String canonical() {
    if (kind != Kind.REGISTRY) {
      return text;
    }
    return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference r && r.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
