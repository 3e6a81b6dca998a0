package dev.bunny.spec;

import java.util.Locale;
import java.util.Optional;

/** Image architectures urunc hosts run, named as OCI platforms name them. */
public enum Architecture {
  AMD64("amd64"),
  ARM64("arm64");

  public static final String ACCEPTED = "x86_64, amd64, x86 (-> amd64); aarch64, arm64 (-> arm64)";

  private final String oci;

  Architecture(String oci) {
    this.oci = oci;
  }

  /** The OCI platform architecture ({@code amd64}, {@code arm64}). */
  public String oci() {
    return oci;
  }

  /** Accepts the names bunnyfiles, kraftkit and Go use for the same two machines. */
  public static Optional<Architecture> parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "x86":
      case "x86_64":
      case "x86-64":
      case "amd64":
        return Optional.of(AMD64);
      case "aarch64":
      case "arm64":
        return Optional.of(ARM64);
      default:
        return Optional.empty();
    }
  }
}
