package dev.bunny.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:9f86...}. Only {@code sha256} and {@code sha512} are
 * accepted, with lowercase hex of the right length, as the OCI image specification registers.
 */
public record Digest(String algorithm, String hex) {

  public static final String SHA256 = "sha256";
  public static final String SHA512 = "sha512";

  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int expected = switch (algorithm) {
      case SHA256 -> 64;
      case SHA512 -> 128;
      default -> throw new IllegalArgumentException(
          "digest algorithm '" + algorithm + "' is not supported; use sha256 or sha512");
    };
    if (hex.length() != expected || !LOWER_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "'" + algorithm + ":" + hex + "' is not a valid digest; " + algorithm + " needs " + expected
              + " lowercase hex characters");
    }
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest of(byte[] bytes) {
    MessageDigest md = sha256();
    md.update(bytes);
    return of(md);
  }

  /** Parses {@code algorithm:hex}. */
  public static Digest parse(String value) {
    Objects.requireNonNull(value, "value");
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a digest; expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>");
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  /** A fresh sha256 {@link MessageDigest}; every JVM must provide it. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /** The digest a finished sha256 {@link MessageDigest} holds (resets it). */
  static Digest of(MessageDigest sha256) {
    return new Digest(SHA256, HexFormat.of().formatHex(sha256.digest()));
  }

  /** Where the blob lives inside an OCI image layout: {@code blobs/<algorithm>/<hex>}. */
  public String blobPath() {
    return "blobs/" + algorithm + "/" + hex;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
