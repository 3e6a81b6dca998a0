package dev.bunny.source;

import java.util.Objects;

/**
 * A source image reference as written in a spec: a registry image ({@code
 * registry.example/team/kernel:1.0}, {@code redis:7}, {@code name@sha256:...}), a local OCI layout
 * ({@code oci:<dir>[:tag]}) or a local OCI archive ({@code oci-archive:<file>[:tag]}).
 *
 * <p>PLACEHOLDER: parsing is being written; see {@link #parse}.
 */
public record ImageReference(String text) {

  public ImageReference {
    Objects.requireNonNull(text, "text");
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message saying what is wrong and which forms are accepted
   */
  public static ImageReference parse(String text) {
    return new ImageReference(text.trim());
  }

  @Override
  public String toString() {
    return text;
  }
}
