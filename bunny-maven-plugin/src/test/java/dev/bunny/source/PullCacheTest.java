package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Digest;
import dev.bunny.oci.MediaTypes;
import dev.bunny.registry.LayoutImage;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.RetryPolicy;
import dev.bunny.registry.TransientRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull cache without a network: a fake transport serves a hand-written layout as a registry
 * would, and misbehaves on request (5xx, damaged bytes).
 */
class PullCacheTest {

  @TempDir
  Path tmp;

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean damage;
  private final List<Duration> waits = new ArrayList<>();

  private RegistryTransport.Factory fake(Path layout) {
    return (registry, repository, credential, insecure, log) -> new RegistryTransport() {
      @Override
      public void connect() {
        throw new AssertionError();
      }

      @Override
      public boolean hasBlob(Digest digest) {
        throw new AssertionError();
      }

      @Override
      public boolean pushBlob(LayoutImage.Blob blob, String mountFrom, LongConsumer progress) {
        throw new AssertionError();
      }

      @Override
      public Digest pushManifest(byte[] manifest, String mediaType, String tag) {
        throw new AssertionError();
      }

      @Override
      public void connectForPull(String reference) {
        calls.add("connect");
      }

      @Override
      public PulledManifest pullManifest(String tagOrDigest, List<String> accept) throws TransientRegistryException {
        calls.add("manifest " + tagOrDigest);
        try {
          Digest d = tagOrDigest.startsWith("sha256:") ? Digest.parse(tagOrDigest)
              : Digest.parse(Files.readString(layout.resolve("tag-" + tagOrDigest)).trim());
          byte[] bytes = Files.readAllBytes(layout.resolve(d.blobPath()));
          return new PulledManifest(bytes, null, d);
        } catch (IOException e) {
          return null;
        }
      }

      @Override
      public void pullBlob(Digest digest, OutputStream out, LongConsumer progress)
          throws TransientRegistryException, IOException {
        calls.add("blob " + digest);
        if (failures.getAndDecrement() > 0) {
          throw new TransientRegistryException("registry answered HTTP 503");
        }
        byte[] bytes = Files.readAllBytes(layout.resolve(digest.blobPath()));
        if (damage) {
          bytes[0] ^= 1;
        }
        out.write(bytes);
        progress.accept(bytes.length);
      }

      @Override
      public void close() {}
    };
  }

  private LayoutFixture.Image pushed(LayoutFixture f, String tag) throws IOException {
    LayoutFixture.Image img = f.image("linux", "amd64", false, "layer one", "layer two");
    Files.writeString(f.dir.resolve("tag-" + tag), img.manifest().digest().toString());
    return img;
  }

  private CachingImageResolver resolver(Path layout, boolean offline) {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), waits::add);
    return CachingImageResolver.builder(tmp, tmp.resolve("cache")).offline(offline).transports(fake(layout))
        .retry(policy).build();
  }

  private SourceImage resolve(Path layout, boolean offline, String ref) throws Exception {
    return resolver(layout, offline).resolve(ImageReference.parse(ref),
        new dev.bunny.source.PlatformChoice("amd64", List.of("linux")), "rootfs.from");
  }

  @Test
  void transientFailuresAreRetriedAndNothingHalfWrittenStays() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("remote"));
    LayoutFixture.Image img = pushed(f, "1");
    failures.set(2);
    SourceImage s = resolve(f.dir, false, "registry.example/app:1");
    assertThat(s.layers()).hasSize(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    Path blobs = tmp.resolve("cache/blobs/sha256");
    try (var files = Files.list(blobs)) {
      // manifest, config and two layers; no temp files
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactlyInAnyOrder(
          img.manifest().digest().hex(), img.config().digest().hex(), img.layers().get(0).digest().hex(),
          img.layers().get(1).digest().hex());
    }
    assertThat(Files.readString(tmp.resolve("cache/refs/registry.example/app/_tags/1")).trim())
        .isEqualTo(img.manifest().digest().toString());
  }

  @Test
  void damagedDownloadsAreRetriedThenRefused() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("remote"));
    LayoutFixture.Image img = pushed(f, "1");
    damage = true;
    assertThatThrownBy(() -> resolve(f.dir, false, "registry.example/app:1"))
        .isInstanceOf(BuildFailure.class)
        .hasMessageStartingWith("rootfs.from: cannot pull config " + img.config().digest() + " of registry.example/app:1"
            + " after 3 attempts: registry.example sent config " + img.config().digest() + " damaged: got ");
    try (var files = Files.list(tmp.resolve("cache/blobs/sha256"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."))
          .noneMatch(n -> n.equals(img.config().digest().hex()));
    }
  }

  @Test
  void aTagMovesOnlineAndOfflineUsesTheLastOne() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("remote"));
    LayoutFixture.Image first = pushed(f, "1");
    assertThat(resolve(f.dir, false, "registry.example/app:1").manifestDigest()).isEqualTo(first.manifest().digest());
    LayoutFixture.Image second = f.image("linux", "amd64", false, "layer one", "changed");
    Files.writeString(f.dir.resolve("tag-1"), second.manifest().digest().toString());
    calls.clear();
    assertThat(resolve(f.dir, false, "registry.example/app:1").manifestDigest()).isEqualTo(second.manifest().digest());
    // the unchanged bottom layer is not pulled again
    assertThat(calls).containsExactly("connect", "manifest 1", "blob " + second.config().digest(),
        "blob " + second.layers().get(1).digest());
    calls.clear();
    assertThat(resolve(f.dir, true, "registry.example/app:1").manifestDigest()).isEqualTo(second.manifest().digest());
    assertThat(calls).isEmpty();
  }

  @Test
  void aDamagedCachedManifestIsFetchedAgain() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("remote"));
    LayoutFixture.Image img = pushed(f, "1");
    String ref = "registry.example/app@" + img.manifest().digest();
    resolve(f.dir, false, ref);
    Path cached = tmp.resolve("cache").resolve(img.manifest().digest().blobPath());
    Files.writeString(cached, "garbage");
    calls.clear();
    assertThat(resolve(f.dir, false, ref).manifestDigest()).isEqualTo(img.manifest().digest());
    assertThat(calls).containsExactly("connect", "manifest " + img.manifest().digest());
    assertThat(Digest.of(Files.readAllBytes(cached))).isEqualTo(img.manifest().digest());
  }

  @Test
  void offlineWithAPartialCacheSaysWhatIsMissing() throws Exception {
    LayoutFixture f = new LayoutFixture(tmp.resolve("remote"));
    LayoutFixture.Image img = pushed(f, "1");
    resolve(f.dir, false, "registry.example/app:1");
    Files.delete(tmp.resolve("cache").resolve(img.layers().get(1).digest().blobPath()));
    assertThatThrownBy(() -> resolve(f.dir, true, "registry.example/app:1"))
        .hasMessage("rootfs.from: Maven runs offline and registry.example/app:1 is not in the pull cache (1 of its"
            + " layers are missing): run once online, or use an oci:/oci-archive: reference");
  }

  @Test
  void escapesRegistryNamesForFileSystems() {
    assertThat(PullCache.escape("127.0.0.1:5000")).isEqualTo("127.0.0.1%3A5000");
    assertThat(PullCache.escape("[::1]:5000")).isEqualTo("%5B%3A%3A1%5D%3A5000");
    assertThat(PullCache.escape("..")).isEqualTo("%2E%2E");
  }

  @Test
  void theMediaTypeOfAnUnlabelledDocumentIsInferred() throws Exception {
    assertThat(SourceMediaTypes.documentType(SourceJson.object("{\"manifests\":[]}".getBytes(), "x"), null, "x"))
        .isEqualTo(MediaTypes.INDEX);
    assertThat(SourceMediaTypes.documentType(SourceJson.object("{\"config\":{},\"layers\":[]}".getBytes(), "x"),
        "text/plain", "x")).isEqualTo(MediaTypes.MANIFEST);
    assertThatThrownBy(() -> SourceMediaTypes.documentType(SourceJson.object("{}".getBytes(), "x"), null, "x"))
        .hasMessageContaining("not an image manifest or index");
  }
}
