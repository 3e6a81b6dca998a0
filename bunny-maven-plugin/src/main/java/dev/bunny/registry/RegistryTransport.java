package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A connection to one repository of one registry, able to push blobs and our exact manifest
 * bytes, and to pull manifests (as raw bytes) and blobs of source images. Everything that touches a registry library sits behind this interface ({@link
 * JibRegistryTransport} is the one implementation), so a library change touches one class.
 *
 * <p>Errors come in two kinds: {@link BuildFailure} for what retrying cannot fix (no or wrong
 * credentials, TLS not trusted, a refused manifest), with a message saying what to fix; and
 * {@link TransientRegistryException} for what may pass (5xx answers, dropped connections), which
 * the caller retries a bounded number of times. Neither message ever contains a credential.
 */
public interface RegistryTransport extends Closeable {

  /** Opens transports; one call per registry and repository. */
  @FunctionalInterface
  interface Factory {
    /**
     * A transport for {@code repository} on {@code registry}; does not touch the network yet.
     *
     * @param credential null for anonymous access
     * @param insecure whether plain HTTP and unverified TLS are allowed for this registry
     */
    RegistryTransport open(String registry, String repository, RegistryCredential credential, boolean insecure,
        BuildLog log);
  }

  /**
   * Checks that the registry answers its API (a quick {@code GET /v2/} with a short timeout),
   * then authenticates for push. Call once, before anything else.
   */
  void connect() throws BuildFailure, TransientRegistryException;

  /** Whether the repository already has the blob. */
  boolean hasBlob(Digest digest) throws BuildFailure, TransientRegistryException;

  /**
   * Uploads a blob (streamed from its file; retrying restarts from the beginning).
   *
   * @param mountFrom a repository on the same registry that has the blob, to mount it from instead
   *     of uploading (a cross-repository mount); null for none
   * @param progress receives the number of bytes sent by each write
   * @return true if the registry already had the blob or mounted it, so no bytes were sent
   */
  boolean pushBlob(LayoutImage.Blob blob, String mountFrom, LongConsumer progress)
      throws BuildFailure, TransientRegistryException;

  /**
   * PUTs {@code manifest} byte for byte under {@code tag} (or a digest) and returns the digest the
   * registry stored it under.
   *
   * @throws BuildFailure also when the registry reports a digest other than the bytes' own
   */
  Digest pushManifest(byte[] manifest, String mediaType, String tag) throws BuildFailure, TransientRegistryException;

  /**
   * A manifest or index exactly as the registry served it.
   *
   * @param mediaType the {@code Content-Type} it was served with (without parameters), or null
   * @param digest the sha256 of {@code bytes}, checked against the digest asked for and against
   *     the registry's {@code Docker-Content-Digest}
   */
  record PulledManifest(byte[] bytes, String mediaType, Digest digest) {}

  /**
   * Checks that the registry answers its API (as {@link #connect()} does) and authenticates for
   * pulling: anonymous, HTTP basic, or a bearer token with pull scope for the repository. Call
   * once, before pulling; messages speak of pulling {@code reference}.
   *
   * @param reference the image reference as the user wrote it, for messages
   */
  void connectForPull(String reference) throws BuildFailure, TransientRegistryException;

  /**
   * GETs the manifest or index {@code tagOrDigest}, accepting {@code accept} media types.
   *
   * @return null when the registry answers 404 (no such repository, tag or digest)
   * @throws BuildFailure also when the bytes do not have the digest asked for or announced
   */
  PulledManifest pullManifest(String tagOrDigest, List<String> accept) throws BuildFailure, TransientRegistryException;

  /**
   * Streams the blob {@code digest} into {@code out}. The caller checks the digest of what arrived
   * (and retries from the beginning when it does not match).
   *
   * @param progress receives the number of bytes received by each read
   * @throws IOException only when writing to {@code out} fails
   */
  void pullBlob(Digest digest, OutputStream out, LongConsumer progress)
      throws BuildFailure, TransientRegistryException, IOException;

  /** Releases connections; never throws. */
  @Override
  void close();
}
