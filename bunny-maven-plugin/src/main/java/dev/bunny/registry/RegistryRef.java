package dev.bunny.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * One fully qualified push target: registry host (with optional port), repository and tag, as in
 * {@code 127.0.0.1:5000/team/app:1.0} or {@code docker.io/library/redis:7} (the form {@code
 * bunny:build} writes into {@code index.json} as {@code io.containerd.image.name}).
 *
 * @param registry host[:port] as the user wrote it ({@code docker.io} for Docker Hub)
 * @param repository the path below the registry, e.g. {@code team/app}
 * @param tag the tag
 */
public record RegistryRef(String registry, String repository, String tag) {

  /** The host name Docker Hub images carry in their names. */
  public static final String DOCKER_HUB = "docker.io";

  /** The host that serves Docker Hub's registry API. */
  public static final String DOCKER_HUB_API = "registry-1.docker.io";

  public RegistryRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    if (registry.isEmpty() || repository.isEmpty() || tag.isEmpty()) {
      throw new IllegalArgumentException("registry, repository and tag must not be empty");
    }
  }

  /**
   * Parses {@code host[:port]/path[:tag]}; the first component must be a registry host (it contains
   * a '.' or a ':' or is {@code localhost}), as in the fully qualified names {@code bunny:build}
   * writes. A missing tag means {@code latest}.
   */
  public static RegistryRef parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("'" + reference + "' is not a fully qualified image name (registry/repository:tag)");
    }
    String host = reference.substring(0, slash);
    if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
      throw new IllegalArgumentException("'" + reference + "' does not start with a registry host");
    }
    String rest = reference.substring(slash + 1);
    if (rest.indexOf('@') >= 0) {
      throw new IllegalArgumentException("'" + reference + "' is a digest reference; a push needs a tag");
    }
    String repository = rest;
    String tag = "latest";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      repository = rest.substring(0, colon);
      tag = rest.substring(colon + 1);
    }
    if (host.equals("index.docker.io") || host.equals(DOCKER_HUB_API)) {
      host = DOCKER_HUB;
    }
    return new RegistryRef(host, repository, tag);
  }

  /** The host (and port) the registry API is served from: Docker Hub's differs from its name. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** The registry host without the port, lowercased. */
  public String hostOnly() {
    return hostOf(registry);
  }

  /** {@code host} of {@code host[:port]} (also for bracketed IPv6 literals), lowercased. */
  static String hostOf(String hostPort) {
    String h = hostPort;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end > 0 ? h.substring(0, end + 1) : h;
    } else if (h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':'));
    }
    return h.toLowerCase(Locale.ROOT);
  }

  /** {@code registry/repository}, without the tag. */
  public String repositoryReference() {
    return registry + "/" + repository;
  }

  @Override
  public String toString() {
    return registry + "/" + repository + ":" + tag;
  }
}
