package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes the image of an OCI layout, unchanged, to every name it carries: for each registry and
 * repository, blobs the registry lacks (checked first, so a second push sends nothing), then the
 * exact manifest bytes once per tag. The registry then serves the same digest and annotations
 * {@code bunny:build} wrote. Transient failures are retried as the {@link RetryPolicy} says; all
 * else fails at once with a message that says what to fix.
 */
public final class ImagePusher {

  private final RegistryTransport.Factory transports;
  private final BuildLog log;

  public ImagePusher(RegistryTransport.Factory transports, BuildLog log) {
    this.transports = transports;
    this.log = log;
  }

  public PushResult push(PushRequest request) throws BuildFailure, IOException {
    LayoutImage image = LayoutImage.read(request.layoutDir());
    Retrier retrier = new Retrier(request.retry(), log, ". Blobs already sent stay in the registry (a new push skips"
        + " them); no tag was changed unless logged as pushed above");
    log.info("Pushing " + image.manifestDigest() + " (" + image.blobs().size() + " blobs, "
        + UploadProgress.mib(image.totalBlobBytes()) + ") from " + request.layoutDir());
    List<String> pushed = new ArrayList<>();
    int uploaded = 0;
    int present = 0;
    long bytes = 0;
    // Repositories already pushed per registry: blobs can be mounted from them, as from the
    // repositories base layers were pulled from.
    Map<String, String> pushedRepository = new HashMap<>();
    for (List<RegistryRef> names : image.byRepository().values()) {
      RegistryRef first = names.get(0);
      String registry = first.registry();
      Optional<RegistryCredential> credential = request.credentials().find(registry);
      if (credential.isPresent()) {
        log.info("Registry " + registry + ": using credentials from " + credential.get().source());
      } else {
        log.info("Registry " + registry + ": no credentials found (checked "
            + String.join("; ", request.credentials().describe(registry)) + "), pushing anonymously");
      }
      boolean insecure = request.insecureRegistries().allows(registry);
      if (insecure) {
        log.warn("Registry " + registry + " is listed in <insecureRegistries>: plain HTTP and unverified TLS"
            + " certificates are accepted for it" + (credential.isPresent() ? ", and credentials may travel unencrypted" : ""));
      }
      try (RegistryTransport transport = transports.open(registry, first.repository(), credential.orElse(null),
          insecure, log)) {
        String target = first.repositoryReference();
        retrier.run("connect to " + registry, () -> {
          transport.connect();
          return null;
        });
        int index = 0;
        for (LayoutImage.Blob blob : image.blobs()) {
          String mountFrom = pushedRepository.get(registry);
          if (mountFrom == null) {
            mountFrom = request.origins().repositoryWith(registry, blob.digest())
                .filter(repo -> !repo.equals(first.repository())).orElse(null);
          }
          String from = mountFrom;
          String what = (index++ == 0 ? "config " : "layer ") + shortDigest(blob.digest());
          boolean has = retrier.run("check " + what + " in " + target, () -> transport.hasBlob(blob.digest()));
          if (has) {
            present++;
            log.info("  " + what + ": already in " + target);
            continue;
          }
          UploadProgress[] progress = new UploadProgress[1];
          boolean skipped = retrier.run("upload " + what + " to " + target, () -> {
            progress[0] = new UploadProgress(log, what, blob.size());
            return transport.pushBlob(blob, from, progress[0]);
          });
          if (skipped) {
            present++;
            log.info("  " + what + ": " + (mountFrom != null ? "mounted from " + registry + "/" + mountFrom : "already in " + target));
          } else {
            uploaded++;
            bytes += blob.size();
            log.info("  " + what + ": uploaded (" + UploadProgress.mib(blob.size()) + ")");
          }
        }
        for (RegistryRef ref : names) {
          Digest stored = retrier.run("push the manifest as " + ref, () ->
              transport.pushManifest(image.manifestBytes(), image.manifestMediaType(), ref.tag()));
          if (!stored.equals(image.manifestDigest())) {
            throw new BuildFailure(ref + " was stored as " + stored + ", not as the built " + image.manifestDigest());
          }
          pushed.add(ref.toString());
          log.info("Pushed " + ref + " " + stored);
        }
        pushedRepository.put(registry, first.repository());
      }
    }
    log.info("Uploaded " + uploaded + " blob(s), " + bytes + " bytes; " + present + " already in the registry");
    return new PushResult(image.manifestDigest(), List.copyOf(pushed), uploaded, bytes, present);
  }

  private static String shortDigest(Digest d) {
    return d.algorithm() + ":" + d.hex().substring(0, 12);
  }
}
