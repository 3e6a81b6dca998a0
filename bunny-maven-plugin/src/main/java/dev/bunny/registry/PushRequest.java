package dev.bunny.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to push and how.
 *
 * @param layoutDir the OCI image layout {@code bunny:build} wrote
 * @param credentials where credentials come from, in order
 * @param insecureRegistries registries allowed plain HTTP and unverified TLS
 * @param retry how transient failures are retried
 * @param origins repositories blobs were pulled from, to mount them from there
 */
public record PushRequest(Path layoutDir, CredentialChain credentials, InsecureRegistries insecureRegistries,
    RetryPolicy retry, BlobOrigins origins) {

  public PushRequest(Path layoutDir, CredentialChain credentials, InsecureRegistries insecureRegistries,
      RetryPolicy retry) {
    this(layoutDir, credentials, insecureRegistries, retry, BlobOrigins.NONE);
  }

  public PushRequest {
    Objects.requireNonNull(layoutDir, "layoutDir");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(insecureRegistries, "insecureRegistries");
    Objects.requireNonNull(retry, "retry");
    origins = origins == null ? BlobOrigins.NONE : origins;
  }
}
