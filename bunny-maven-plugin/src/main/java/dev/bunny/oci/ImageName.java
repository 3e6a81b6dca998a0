package dev.bunny.oci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a built image gets: one repository and one or more tags, validated by the grammar of
 * the OCI distribution spec (and Docker's reference rules for the optional registry host).
 *
 * @param repository e.g. {@code urunc/prebuilt/redis} or {@code registry.example.com:5000/a/b}
 * @param tags at least one; duplicates are dropped, the first tag stays first
 */
public record ImageName(String repository, List<String> tags) {

  /** A path component: lowercase alphanumerics joined by '.', '_', '__' or dashes. */
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

  private static final Pattern HOST = Pattern.compile(
      "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private static final int MAX_REPOSITORY_LENGTH = 255;

  static final String DEFAULT_TAG = "latest";

  private static final String REPOSITORY_RULE =
      "a repository is path components of lowercase letters and digits, separated inside a component by"
          + " '.', '_', '__' or '-' and joined by '/', optionally after a registry host[:port]"
          + " (e.g. urunc/prebuilt/redis or registry.example.com:5000/team/app)";

  private static final String TAG_RULE =
      "a tag is 1 to 128 characters from A-Z, a-z, 0-9, '_', '.', '-' and does not start with '.' or '-'";

  public ImageName {
    Objects.requireNonNull(repository, "repository");
    validateRepository(repository, repository);
    if (tags == null || tags.isEmpty()) {
      throw new IllegalArgumentException("image '" + repository + "' needs at least one tag");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String tag : tags) {
      validateTag(tag, repository);
      unique.add(tag);
    }
    tags = List.copyOf(unique);
  }

  /**
   * Parses {@code repository[:tag]} (e.g. {@code urunc/prebuilt/redis:test}, {@code
   * registry:5000/a/b:1.0}); a missing tag means {@code latest}. {@code extraTags} (may be null)
   * are added after it.
   *
   * @throws IllegalArgumentException saying what is accepted, for a malformed name or tag, or for a
   *     digest reference ({@code name@sha256:...}), which cannot name an image still to be built
   */
  public static ImageName parse(String reference, List<String> extraTags) {
    Objects.requireNonNull(reference, "reference");
    if (reference.isEmpty()) {
      throw new IllegalArgumentException("the image name is empty; " + REPOSITORY_RULE);
    }
    if (reference.indexOf('@') >= 0) {
      throw new IllegalArgumentException(
          "image name '" + reference + "' is a digest reference; a built image gets its digest from its"
              + " content, so name it by repository and tag instead (e.g. "
              + reference.substring(0, reference.indexOf('@')) + ":1.0)");
    }
    String repository = reference;
    String tag = DEFAULT_TAG;
    int colon = reference.lastIndexOf(':');
    if (colon > reference.lastIndexOf('/')) { // a colon before the last '/' belongs to host:port
      repository = reference.substring(0, colon);
      tag = reference.substring(colon + 1);
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("image name '" + reference + "' ends with ':' but has no tag; " + TAG_RULE);
      }
    }
    validateRepository(repository, reference);
    List<String> tags = new ArrayList<>();
    tags.add(tag);
    if (extraTags != null) {
      tags.addAll(extraTags);
    }
    return new ImageName(repository, tags);
  }

  /** {@code repository:tag} for every tag, first tag first. */
  public List<String> references() {
    List<String> refs = new ArrayList<>();
    for (String tag : tags) {
      refs.add(repository + ":" + tag);
    }
    return refs;
  }

  /** The first tag. */
  public String tag() {
    return tags.get(0);
  }

  /**
   * The fully qualified form of {@code repository:tag} that containerd stores and CRI clients
   * look up: a name without a registry gets {@code docker.io/}, and a single-component name on
   * Docker Hub gets {@code library/} ({@code redis:7} becomes {@code docker.io/library/redis:7}).
   */
  public String canonicalReference(String tag) {
    String first = repository.substring(0, Math.max(0, repository.indexOf('/')));
    String domain;
    String path;
    if (!first.isEmpty() && looksLikeHost(first)) {
      domain = first.equals("index.docker.io") ? "docker.io" : first;
      path = repository.substring(first.length() + 1);
    } else {
      domain = "docker.io";
      path = repository;
    }
    if (domain.equals("docker.io") && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    return domain + "/" + path + ":" + tag;
  }

  /** Docker's rule for telling a registry host from a first path component. */
  private static boolean looksLikeHost(String component) {
    return component.indexOf('.') >= 0
        || component.indexOf(':') >= 0
        || component.equals("localhost")
        || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
  }

  private static void validateRepository(String repository, String reference) {
    if (repository.length() > MAX_REPOSITORY_LENGTH) {
      throw new IllegalArgumentException(
          "image name '" + reference + "' is longer than " + MAX_REPOSITORY_LENGTH + " characters");
    }
    String[] parts = repository.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean host = i == 0 && parts.length > 1 && looksLikeHost(part);
      if (host ? !HOST.matcher(part).matches() : !PATH_COMPONENT.matcher(part).matches()) {
        String what = host ? "registry host '" + part + "'" : part.isEmpty() ? "an empty path component" : "'" + part + "'";
        String hint = !host && !part.equals(part.toLowerCase(java.util.Locale.ROOT)) ? " (uppercase is not allowed)" : "";
        throw new IllegalArgumentException(
            "image name '" + reference + "' is not valid: " + what + hint + "; " + REPOSITORY_RULE);
      }
    }
  }

  private static void validateTag(String tag, String repository) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("tag '" + tag + "' of image '" + repository + "' is not valid; " + TAG_RULE);
    }
  }
}
