package dev.bunny.source;

import java.util.List;
import java.util.Objects;

/**
 * Which manifest of a multi-platform index a build wants.
 *
 * @param architecture the OCI architecture name ({@code amd64}, {@code arm64}); {@code x86_64} and
 *     {@code aarch64} entries in an index match too
 * @param operatingSystems accepted {@code os} values, most preferred first: {@code linux}, and for
 *     kernels also the unikraft.org-style monitor names ({@code qemu}, {@code fc})
 */
public record PlatformChoice(String architecture, List<String> operatingSystems) {

  public PlatformChoice {
    Objects.requireNonNull(architecture, "architecture");
    operatingSystems = List.copyOf(operatingSystems);
    if (operatingSystems.isEmpty()) {
      throw new IllegalArgumentException("at least one operating system");
    }
  }

  @Override
  public String toString() {
    return String.join("|", operatingSystems) + "/" + architecture;
  }
}
