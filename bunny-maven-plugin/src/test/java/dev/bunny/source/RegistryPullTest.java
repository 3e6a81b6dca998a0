package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.oci.MediaTypes;
import dev.bunny.oci.Platform;
import dev.bunny.registry.CredentialChain;
import dev.bunny.registry.ExplicitCredentials;
import dev.bunny.registry.InsecureRegistries;
import dev.bunny.registry.JibRegistryTransport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real registry (Debian's docker-registry on loopback): images are pushed with
 * skopeo from hand-written layouts, then resolved through the whole chain (JibRegistryTransport,
 * pull cache, platform selection). Skipped only when docker-registry or skopeo is not installed.
 */
class RegistryPullTest {

  private static final PlatformChoice KERNEL_AMD64 = new PlatformChoice("amd64", List.of("qemu", "fc", "linux"));
  private static final RetryPolicy NO_WAIT = new RetryPolicy(2, Duration.ZERO, d -> { });

  @TempDir
  static Path shared;

  private static RealRegistry open;
  private static RealRegistry locked;
  private static LayoutFixture.Image qemu;
  private static LayoutFixture.Image fc;
  private static Descriptor multiIndex;
  private static LayoutFixture.Image docker;

  @TempDir
  Path tmp;

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startRegistriesAndPush() throws Exception {
    assumeTrue(Files.isExecutable(RealRegistry.BINARY), "docker-registry is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
    open = new RealRegistry(shared.resolve("open"), null);
    String htpasswd = RealRegistry.run("htpasswd", "-Bbn", "puller", "s3cret-pull");
    locked = new RealRegistry(shared.resolve("locked"), htpasswd);

    LayoutFixture f = new LayoutFixture(shared.resolve("layout"));
    qemu = f.image("qemu", "x86_64", false, "qemu kernel", "rootfs");
    fc = f.image("fc", "x86_64", false, "fc kernel");
    Map<Descriptor, String> entries = new LinkedHashMap<>();
    entries.put(fc.manifest(), "fc/x86_64");
    entries.put(qemu.manifest(), "qemu/x86_64");
    multiIndex = f.index(MediaTypes.INDEX, entries);
    docker = f.image("linux", "amd64", false, "docker layer");
    f.tag("multi", multiIndex).tag("single", docker.manifest());
    copy(f.dir, "multi", open.address() + "/team/kernel:1.0", null);
    // skopeo reads only OCI media types from a layout; it writes Docker schema 2 when told so.
    RealRegistry.run("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + f.dir + ":single",
        "docker://" + open.address() + "/team/app:latest");
    copy(f.dir, "multi", locked.address() + "/private/kernel:1.0", "puller:s3cret-pull");
  }

  private static void copy(Path layout, String tag, String target, String creds) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false"));
    if (creds != null) {
      cmd.addAll(List.of("--dest-creds", creds));
    }
    cmd.addAll(List.of("oci:" + layout + ":" + tag, "docker://" + target));
    RealRegistry.run(cmd.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (open != null) {
      open.close();
    }
    if (locked != null) {
      locked.close();
    }
  }

  /** Counts the transport calls, passing them on to the real one. */
  private RegistryTransport.Factory counting() {
    return (registry, repository, credential, insecure, log) -> {
      RegistryTransport real = JibRegistryTransport.FACTORY.open(registry, repository, credential, insecure, log);
      calls.add("open " + registry + "/" + repository);
      return new RegistryTransport() {
        @Override
        public void connect() throws BuildFailure, TransientRegistryException {
          throw new AssertionError("connect for push");
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
        public void connectForPull(String reference) throws BuildFailure, TransientRegistryException {
          calls.add("connect");
          real.connectForPull(reference);
        }

        @Override
        public PulledManifest pullManifest(String tagOrDigest, List<String> accept)
            throws BuildFailure, TransientRegistryException {
          calls.add("manifest " + tagOrDigest);
          return real.pullManifest(tagOrDigest, accept);
        }

        @Override
        public void pullBlob(Digest digest, OutputStream out, LongConsumer progress)
            throws BuildFailure, TransientRegistryException, IOException {
          calls.add("blob " + digest);
          real.pullBlob(digest, out, progress);
        }

        @Override
        public void close() {
          real.close();
        }
      };
    };
  }

  private final BuildLog log = new BuildLog() {
    @Override
    public void info(String message) {
      logLines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
      logLines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
      logLines.add("DEBUG " + message);
    }
  };

  private CachingImageResolver.Builder resolver(Path cache, String insecure) {
    return CachingImageResolver.builder(tmp, cache)
        .insecureRegistries(InsecureRegistries.parse(insecure == null ? List.of() : List.of(insecure), "test"))
        .transports(counting()).retry(NO_WAIT).log(log);
  }

  private CachingImageResolver resolver(Path cache) {
    return resolver(cache, open.address()).build();
  }

  private SourceImage resolve(CachingImageResolver r, String ref, PlatformChoice choice) throws Exception {
    return r.resolve(ImageReference.parse(ref), choice, "kernel.from");
  }

  @Test
  void aTagIsPulledOnceThenServedFromTheCache() throws Exception {
    Path cache = tmp.resolve("cache");
    String ref = open.address() + "/team/kernel:1.0";
    SourceImage s = resolve(resolver(cache), ref, KERNEL_AMD64);
    assertThat(s.manifestDigest()).isEqualTo(qemu.manifest().digest());
    assertThat(s.platform()).isEqualTo(new Platform("qemu", "x86_64"));
    assertThat(s.layers()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      SourceLayer l = s.layers().get(i);
      assertThat(l.descriptor().digest()).isEqualTo(qemu.layers().get(i).digest());
      assertThat(l.diffId()).isEqualTo(qemu.diffIds().get(i));
      assertThat(l.blob()).startsWith(cache.toAbsolutePath());
      assertThat(Digest.of(Files.readAllBytes(l.blob()))).isEqualTo(l.descriptor().digest());
    }
    assertThat(calls).containsExactly("open " + open.address() + "/team/kernel", "connect", "manifest 1.0",
        "manifest " + qemu.manifest().digest(), "blob " + qemu.config().digest(),
        "blob " + qemu.layers().get(0).digest(), "blob " + qemu.layers().get(1).digest());
    assertThat(logLines).contains("INFO Pulling " + ref + " (2 layers, " + (qemu.layers().get(0).size()
        + qemu.layers().get(1).size()) + " bytes)");

    // Second build: the tag is asked for again, nothing else.
    calls.clear();
    logLines.clear();
    int requestsBefore = open.requests().size();
    SourceImage again = resolve(resolver(cache), ref, KERNEL_AMD64);
    assertThat(again.manifestDigest()).isEqualTo(s.manifestDigest());
    assertThat(again.layers()).isEqualTo(s.layers());
    assertThat(calls).containsExactly("open " + open.address() + "/team/kernel", "connect", "manifest 1.0");
    assertThat(logLines).noneMatch(l -> l.startsWith("INFO Pulling"));
    assertThat(logLines).contains("DEBUG using cached layer " + qemu.layers().get(0).digest() + " of " + ref);
    List<String> requests = open.requests();
    assertThat(requests.subList(requestsBefore, requests.size()))
        .allMatch(r -> r.equals("GET /v2/ HTTP/1.1") || r.equals("GET /v2/team/kernel/manifests/1.0 HTTP/1.1"));

    // Offline: from the cache, without the network.
    calls.clear();
    SourceImage offline = resolver(cache, open.address()).offline(true).build().resolve(ImageReference.parse(ref),
        KERNEL_AMD64, "kernel.from");
    assertThat(offline.manifestDigest()).isEqualTo(s.manifestDigest());
    assertThat(calls).isEmpty();

    // Another platform of the same index offline: its manifest was never pulled.
    assertThatThrownBy(() -> resolver(cache, open.address()).offline(true).build().resolve(ImageReference.parse(ref),
        new PlatformChoice("amd64", List.of("fc")), "kernel.from"))
        .hasMessage("kernel.from: Maven runs offline and " + ref + " is not in the pull cache (its manifest "
            + fc.manifest().digest() + " is missing): run once online, or use an oci:/oci-archive: reference");
  }

  @Test
  void digestReferencesNeedNoRequestOnceCached() throws Exception {
    Path cache = tmp.resolve("cache");
    String ref = open.address() + "/team/kernel@" + multiIndex.digest();
    SourceImage s = resolve(resolver(cache), ref, new PlatformChoice("x86_64", List.of("fc")));
    assertThat(s.manifestDigest()).isEqualTo(fc.manifest().digest());
    assertThat(calls).contains("manifest " + multiIndex.digest());
    calls.clear();
    resolve(resolver(cache), ref, new PlatformChoice("x86_64", List.of("fc")));
    assertThat(calls).isEmpty();
  }

  @Test
  void dockerMediaTypesFromARegistryAreMapped() throws Exception {
    SourceImage s = resolve(resolver(tmp.resolve("cache")), open.address() + "/team/app",
        new PlatformChoice("amd64", List.of("linux")));
    String served = new String(Files.readAllBytes(tmp.resolve("cache").resolve(s.manifestDigest().blobPath())),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(served).contains(SourceMediaTypes.DOCKER_MANIFEST).contains(SourceMediaTypes.DOCKER_LAYER_GZIP);
    assertThat(s.platform()).isEqualTo(new Platform("linux", "amd64"));
    SourceLayer layer = s.layers().get(0);
    assertThat(layer.descriptor().mediaType()).isEqualTo(MediaTypes.LAYER_TAR_GZIP);
    assertThat(layer.descriptor().digest()).isEqualTo(docker.layers().get(0).digest());
    assertThat(layer.diffId()).isEqualTo(docker.diffIds().get(0));
  }

  @Test
  void offlineWithoutTheImageInTheCache() {
    String ref = open.address() + "/team/kernel:2.0";
    assertThatThrownBy(() -> resolver(tmp.resolve("cache"), null).offline(true).build()
        .resolve(ImageReference.parse(ref), KERNEL_AMD64, "kernel.from"))
        .isInstanceOf(BuildFailure.class)
        .hasMessage("kernel.from: Maven runs offline and " + ref + " is not in the pull cache: run once online, or use"
            + " an oci:/oci-archive: reference");
    assertThat(calls).isEmpty();
  }

  @Test
  void aMissingTagOrRepository() {
    String ref = open.address() + "/team/kernel:nope";
    assertThatThrownBy(() -> resolve(resolver(tmp.resolve("cache")), ref, KERNEL_AMD64))
        .isInstanceOf(BuildFailure.class)
        .hasMessage("kernel.from: image " + ref + " not found (HTTP 404 from " + open.address() + "): check the name"
            + " and tag");
    assertThatThrownBy(() -> resolve(resolver(tmp.resolve("cache")), open.address() + "/nobody/here", KERNEL_AMD64))
        .hasMessage("kernel.from: image " + open.address() + "/nobody/here (" + open.address()
            + "/nobody/here:latest) not found (HTTP 404 from " + open.address() + "): check the name and tag");
  }

  @Test
  void noMatchingPlatform() {
    String ref = open.address() + "/team/kernel:1.0";
    assertThatThrownBy(() -> resolve(resolver(tmp.resolve("cache")), ref,
        new PlatformChoice("arm64", List.of("linux"))))
        .hasMessage("kernel.from: '" + ref + "' offers fc/x86_64, qemu/x86_64; the build needs linux/arm64: set"
            + " platform.architecture or pick another image");
  }

  @Test
  void credentialsAreNeededAndUsed() throws Exception {
    String ref = locked.address() + "/private/kernel:1.0";
    CachingImageResolver anonymous = resolver(tmp.resolve("cache"), locked.address()).build();
    assertThatThrownBy(() -> resolve(anonymous, ref, KERNEL_AMD64))
        .isInstanceOf(BuildFailure.class)
        .hasMessage("kernel.from: " + locked.address() + " requires credentials to pull the manifest private/kernel:1.0"
            + " (HTTP 401), and none were found for " + locked.address() + " (or " + ref + " does not exist: some"
            + " registries answer 401 for repositories they do not have). Give them in one of the ways listed under"
            + " \"Pushing\" in the README: <auth> in the POM (-Dbunny.auth.username/-Dbunny.auth.password, or"
            + " BUNNY_REGISTRY_USERNAME/BUNNY_REGISTRY_PASSWORD), a settings.xml <server> with <id>" + locked.address()
            + "</id>, or `docker login " + locked.address() + "`");

    CachingImageResolver wrong = resolver(tmp.resolve("cache"), locked.address())
        .credentials(new CredentialChain(List.of(new ExplicitCredentials("puller", "wrong-password", "the test", "both"))))
        .build();
    assertThatThrownBy(() -> resolve(wrong, ref, KERNEL_AMD64))
        .hasMessage("kernel.from: " + locked.address() + " rejected the credentials from the test (HTTP 401 when trying"
            + " to pull the manifest private/kernel:1.0): check the username and password")
        .message().doesNotContain("wrong-password");

    CachingImageResolver right = resolver(tmp.resolve("cache"), locked.address())
        .credentials(new CredentialChain(List.of(new ExplicitCredentials("puller", "s3cret-pull", "the test", "both"))))
        .build();
    assertThat(resolve(right, ref, KERNEL_AMD64).manifestDigest()).isEqualTo(qemu.manifest().digest());
    assertThat(String.join("\n", logLines)).doesNotContain("s3cret-pull");
  }

  @Test
  void plainHttpIsRefusedUnlessNamedInsecure() {
    String ref = open.address() + "/team/kernel:1.0";
    long start = System.nanoTime();
    assertThatThrownBy(() -> resolve(resolver(tmp.resolve("cache"), null).build(), ref, KERNEL_AMD64))
        .hasMessage("kernel.from: cannot pull " + ref + " from " + open.address() + ": it speaks plain HTTP, not HTTPS."
            + " Registries are reached over verified TLS unless you name them insecure: if this one is meant to run"
            + " without TLS, add it to <insecureRegistries> (-Dbunny.insecureRegistries=" + open.address()
            + "); otherwise check the port in the image reference '" + ref + "'");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
