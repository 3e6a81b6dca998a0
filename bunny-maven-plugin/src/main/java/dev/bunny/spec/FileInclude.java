package dev.bunny.spec;

import java.util.Objects;

/**
 * One file or directory to put into the rootfs (bunny's {@code include} entry).
 *
 * @param from {@code local} (a path relative to the project) or an image reference
 * @param source the source path
 * @param destination the path inside the rootfs
 * @param field the configuration field this came from, for messages (e.g. {@code rootfs.includes[1]})
 * @param mode permission bits forced on every copied file and directory (COPY --chmod); null keeps the source's
 */
public record FileInclude(String from, String source, String destination, String field, Integer mode) {

  public static final String LOCAL = "local";

  public FileInclude(String from, String source, String destination, String field) {
    this(from, source, destination, field, null);
  }

  public FileInclude {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(field, "field");
    from = from == null || from.isBlank() ? LOCAL : from;
  }

  public boolean isLocal() {
    return LOCAL.equals(from);
  }

  /**
   * Parses bunny's short form {@code "src:dst"}: split on the first colon; a missing or empty
   * destination means "same path as the source".
   *
   * @throws IllegalArgumentException when the source is empty
   */
  public static FileInclude parseShort(String text, String field) {
    int colon = text.indexOf(':');
    String src = colon < 0 ? text : text.substring(0, colon);
    String dst = colon < 0 ? "" : text.substring(colon + 1);
    src = src.trim();
    dst = dst.trim();
    if (src.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' has an empty source; write it as source:destination, e.g. redis.conf:/conf/redis.conf");
    }
    return new FileInclude(LOCAL, src, dst.isEmpty() ? src : dst, field);
  }

  @Override
  public String toString() {
    return source + ":" + destination;
  }
}
