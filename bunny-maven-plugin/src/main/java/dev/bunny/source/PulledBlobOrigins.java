package dev.bunny.source;

import dev.bunny.oci.Digest;
import dev.bunny.registry.BlobOrigins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The repositories the pull cache saw each layer come from, for cross-repository mounts on push. */
public final class PulledBlobOrigins implements BlobOrigins {

  private final PullCache cache;

  public PulledBlobOrigins(Path cacheDir) {
    this.cache = new PullCache(cacheDir);
  }

  @Override
  public Optional<String> repositoryWith(String registry, Digest digest) {
    Path file = cache.originsFile(digest);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String prefix = registry + "/";
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith(prefix) && line.length() > prefix.length())
          .map(line -> line.substring(prefix.length()))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty(); // only an optimisation: upload instead
    }
  }
}
