package dev.bunny.oci;

import java.util.Objects;

/** The OCI platform of an image, e.g. {@code linux/amd64}. */
public record Platform(String os, String architecture) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
  }

  @Override
  public String toString() {
    return os + "/" + architecture;
  }
}
