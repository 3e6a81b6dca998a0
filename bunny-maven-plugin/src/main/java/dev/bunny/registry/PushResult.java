package dev.bunny.registry;

import dev.bunny.oci.Digest;
import java.util.List;

/**
 * What a push did.
 *
 * @param references every name pushed, fully qualified ({@code registry/repository:tag})
 * @param blobsUploaded blobs whose bytes were sent
 * @param bytesUploaded bytes sent for them
 * @param blobsPresent blobs the registry already had (or mounted), so nothing was sent
 */
public record PushResult(Digest manifestDigest, List<String> references, int blobsUploaded, long bytesUploaded,
    int blobsPresent) {}
