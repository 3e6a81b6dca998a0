package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.registry.CredentialChain;
import dev.bunny.registry.InsecureRegistries;
import dev.bunny.registry.RegistryCredential;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.Retrier;
import dev.bunny.registry.TransientRegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A registry image, through the pull cache: a tag is asked for anew on every online build (one
 * manifest request); whatever has a digest (manifests an index lists, configs, layers) comes from
 * the cache when it is there. Offline, tags resolve to what they resolved to last time online.
 */
final class RegistrySource implements ContentSource {

  /** Manifests larger than this are refused (registries refuse more than 4 MiB). */
  static final long MAX_MANIFEST = 8L << 20;

  private final ImageReference reference;
  private final PullCache cache;
  private final boolean offline;
  private final CredentialChain credentials;
  private final InsecureRegistries insecureRegistries;
  private final RegistryTransport.Factory transports;
  private final Retrier retrier;
  private final BuildLog log;
  private RegistryTransport transport;

  RegistrySource(ImageReference reference, PullCache cache, boolean offline, CredentialChain credentials,
      InsecureRegistries insecureRegistries, RegistryTransport.Factory transports, Retrier retrier, BuildLog log) {
    this.reference = reference;
    this.cache = cache;
    this.offline = offline;
    this.credentials = credentials;
    this.insecureRegistries = insecureRegistries;
    this.transports = transports;
    this.retrier = retrier;
    this.log = log;
  }

  private String registry() {
    return reference.registry();
  }

  @Override
  public Document root() throws BuildFailure, IOException {
    Digest digest = reference.digest();
    if (digest != null) {
      Optional<byte[]> cached = cache.readSmall(digest);
      if (cached.isPresent()) {
        log.debug(reference + ": manifest " + digest + " from the pull cache");
        return new Document(cached.get(), null, digest);
      }
      if (offline) {
        throw offlineMiss(null);
      }
      return pulled(digest.toString());
    }
    String tag = reference.tag();
    if (offline) {
      Optional<Digest> known = cache.tag(registry(), reference.repository(), tag);
      if (known.isEmpty()) {
        throw offlineMiss(null);
      }
      Optional<byte[]> bytes = cache.readSmall(known.get());
      if (bytes.isEmpty()) {
        throw offlineMiss(null);
      }
      log.debug(reference + ": offline, using " + known.get() + ", what the tag resolved to when last online");
      return new Document(bytes.get(), null, known.get());
    }
    Document d = pulled(tag);
    cache.recordTag(registry(), reference.repository(), tag, d.digest());
    log.debug(reference + " resolves to " + d.digest());
    return d;
  }

  private Document pulled(String qualifier) throws BuildFailure, IOException {
    RegistryTransport t = transport();
    RegistryTransport.PulledManifest m = retrier.run("pull the manifest of " + reference,
        () -> t.pullManifest(qualifier, SourceMediaTypes.ACCEPT));
    if (m == null) {
      throw new BuildFailure("image " + reference + (reference.text().equals(reference.canonical()) ? ""
          : " (" + reference.canonical() + ")") + " not found (HTTP 404 from " + registry() + "): check the name and "
          + (reference.digest() != null ? "digest" : "tag"));
    }
    cache.putSmall(m.digest(), m.bytes());
    return new Document(m.bytes(), m.mediaType(), m.digest());
  }

  @Override
  public byte[] manifest(Descriptor descriptor) throws BuildFailure, IOException {
    Optional<byte[]> cached = cache.readSmall(descriptor.digest());
    if (cached.isPresent()) {
      return ContentSource.checked(cached.get(), descriptor, "'" + reference + "' (pull cache)");
    }
    if (offline) {
      throw offlineMiss("its manifest " + descriptor.digest() + " is missing");
    }
    if (descriptor.size() > MAX_MANIFEST) {
      throw new BuildFailure("'" + reference + "': the index lists a manifest of " + descriptor.size() + " bytes;"
          + " not a manifest");
    }
    Document d = pulled(descriptor.digest().toString());
    return ContentSource.checked(d.bytes(), descriptor, "'" + reference + "'");
  }

  @Override
  public byte[] config(Descriptor descriptor) throws BuildFailure, IOException {
    Optional<byte[]> cached = cache.readSmall(descriptor.digest());
    if (cached.isPresent()) {
      return ContentSource.checked(cached.get(), descriptor, "'" + reference + "' (pull cache)");
    }
    if (offline) {
      throw offlineMiss("its config " + descriptor.digest() + " is missing");
    }
    if (descriptor.size() > LayoutSource.MAX_SMALL) {
      throw new BuildFailure("'" + reference + "': the config is " + descriptor.size() + " bytes; not an image config");
    }
    return Files.readAllBytes(fetch(descriptor, "config"));
  }

  @Override
  public List<Path> layers(List<Descriptor> layers) throws BuildFailure, IOException {
    List<Descriptor> missing = new ArrayList<>();
    long bytes = 0;
    for (Descriptor d : layers) {
      if (cache.has(d.digest(), d.size())) {
        log.debug("using cached layer " + d.digest() + " of " + reference);
      } else if (!missing.contains(d)) {
        missing.add(d);
        bytes += d.size();
      }
    }
    if (!missing.isEmpty()) {
      if (offline) {
        throw offlineMiss(missing.size() + " of its layers are missing");
      }
      log.info("Pulling " + reference + " (" + missing.size() + (missing.size() == 1 ? " layer, " : " layers, ")
          + size(bytes) + (missing.size() < layers.size() ? "; " + (layers.size() - missing.size()) + " cached" : "")
          + ")");
      for (Descriptor d : missing) {
        fetch(d, "layer");
        log.info("  layer " + shortDigest(d.digest()) + ": pulled (" + size(d.size()) + ")");
      }
    } else {
      log.debug(reference + ": all " + layers.size() + " layer(s) in the pull cache");
    }
    List<Path> files = new ArrayList<>();
    for (Descriptor d : layers) {
      files.add(cache.blob(d.digest()));
      cache.recordOrigin(d.digest(), registry(), reference.repository());
    }
    return files;
  }

  /** Downloads a blob into the cache, checked; a damaged download counts as transient. */
  private Path fetch(Descriptor d, String what) throws BuildFailure, IOException {
    RegistryTransport t = transport();
    return retrier.run("pull " + what + " " + d.digest() + " of " + reference, () -> {
      try (PullCache.Pending pending = cache.begin(d)) {
        t.pullBlob(d.digest(), pending.stream(), progress(what + " " + shortDigest(d.digest()), d.size()));
        try {
          return pending.commit();
        } catch (PullCache.MismatchException e) {
          throw new TransientRegistryException(registry() + " sent " + what + " " + d.digest() + " damaged: "
              + e.getMessage());
        }
      }
    });
  }

  /** Progress lines at every 10 % for blobs of 1 MiB and more; nothing for smaller ones. */
  private LongConsumer progress(String what, long size) {
    if (size < 1L << 20) {
      return n -> { };
    }
    long[] received = new long[1];
    int[] lastTenth = new int[1];
    return n -> {
      received[0] += n;
      int tenth = (int) Math.min(10, received[0] * 10 / size);
      if (tenth > lastTenth[0]) {
        lastTenth[0] = tenth;
        log.info(String.format(Locale.ROOT, "  %s: %d%% (%.1f of %.1f MiB)", what, tenth * 10,
            Math.min(received[0], size) / (double) (1L << 20), size / (double) (1L << 20)));
      }
    };
  }

  private RegistryTransport transport() throws BuildFailure, IOException {
    if (transport != null) {
      return transport;
    }
    String registry = registry();
    Optional<RegistryCredential> credential = credentials.find(registry);
    if (credential.isPresent()) {
      log.debug("Registry " + registry + ": using credentials from " + credential.get().source() + " to pull");
    } else {
      log.debug("Registry " + registry + ": no credentials found (checked " + String.join("; ",
          credentials.describe(registry)) + "), pulling anonymously");
    }
    boolean insecure = insecureRegistries.allows(registry);
    if (insecure) {
      log.warn("Registry " + registry + " is listed in <insecureRegistries>: plain HTTP and unverified TLS"
          + " certificates are accepted for it" + (credential.isPresent() ? ", and credentials may travel unencrypted" : ""));
    }
    RegistryTransport t = transports.open(registry, reference.repository(), credential.orElse(null), insecure, log);
    try {
      retrier.run("connect to " + registry, () -> {
        t.connectForPull(reference.text());
        return null;
      });
    } catch (BuildFailure | IOException | RuntimeException e) {
      t.close();
      throw e;
    }
    transport = t;
    return t;
  }

  private BuildFailure offlineMiss(String detail) {
    return new BuildFailure("Maven runs offline and " + reference + " is not in the pull cache"
        + (detail == null ? "" : " (" + detail + ")") + ": run once online, or use an oci:/oci-archive: reference");
  }

  static String size(long bytes) {
    return bytes < 1L << 20 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }

  private static String shortDigest(Digest d) {
    return d.algorithm() + ":" + d.hex().substring(0, 12);
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
      transport = null;
    }
  }
}
