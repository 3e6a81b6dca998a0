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
 */
public record PushRequest(Path layoutDir, CredentialChain credentials, InsecureRegistries insecureRegistries,
    RetryPolicy retry) {

  public PushRequest {
    Objects.requireNonNull(layoutDir, "layoutDir");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(insecureRegistries, "insecureRegistries");
    Objects.requireNonNull(retry, "retry");
  }
}
