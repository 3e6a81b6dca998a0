package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push core with the real jib adapter against an in-process registry that can fail on
 * purpose: exact bytes per tag, nothing re-sent, bounded retries, clear errors, no secrets.
 */
class ImagePusherTest {

  @TempDir Path tmp;

  private FakeRegistry registry;
  private final RecordingLog log = new RecordingLog();
  private final List<Duration> sleeps = new ArrayList<>();
  private final RetryPolicy fastRetry = new RetryPolicy(4, Duration.ofSeconds(1), sleeps::add);

  @BeforeEach
  void start() throws Exception {
    registry = new FakeRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private PushResult push(Path layout, InsecureRegistries insecure, CredentialLookup... credentials) throws Exception {
    return new ImagePusher(JibRegistryTransport.FACTORY, log)
        .push(new PushRequest(layout, new CredentialChain(List.of(credentials)), insecure, fastRetry));
  }

  private InsecureRegistries insecure(String... registries) {
    return InsecureRegistries.parse(List.of(registries), "test");
  }

  @Test
  void pushesTheExactManifestBytesToEveryTagAndSendsNothingTheSecondTime() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 2 << 20, r + "/team/app:1.0", r + "/team/app:latest");

    PushResult first = push(layout.dir(), insecure(r));

    assertThat(first.manifestDigest()).isEqualTo(layout.digest());
    assertThat(first.references()).containsExactly(r + "/team/app:1.0", r + "/team/app:latest");
    assertThat(registry.manifests.get("team/app:1.0")).isEqualTo(layout.manifest());
    assertThat(registry.manifests.get("team/app:latest")).isEqualTo(layout.manifest());
    assertThat(registry.manifestTypes.get("team/app:1.0")).isEqualTo(MediaTypes.MANIFEST);
    assertThat(first.blobsUploaded()).isEqualTo(3);
    assertThat(log.lines).filteredOn(l -> l.matches("INFO   layer sha256:\\w{12}: \\d+% \\(.*")).hasSize(10);
    assertThat(log.lines).contains("INFO   layer sha256:" + layout.blobs().get(1).hex().substring(0, 12)
        + ": 100% (2.0 of 2.0 MiB)");
    long received = registry.bytesReceived.get();

    PushResult second = push(layout.dir(), insecure(r));

    assertThat(second.blobsUploaded()).isZero();
    assertThat(second.blobsPresent()).isEqualTo(3);
    assertThat(registry.bytesReceived.get()).isEqualTo(received);
    assertThat(registry.requests).filteredOn(q -> q.startsWith("PATCH")).hasSize(3); // all from the first push
    assertThat(log.lines).contains("INFO Uploaded 0 blob(s), 0 bytes; 3 already in the registry");
  }

  @Test
  void retries5xxWithGrowingWaitsThenSucceeds() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    registry.failWhen = q -> q.startsWith("HEAD ");
    registry.failCount.set(2);

    push(layout.dir(), insecure(r));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(log.lines).filteredOn(l -> l.startsWith("WARN ") && l.contains("answered HTTP 503") && l.contains("retrying in"))
        .hasSize(2);
    assertThat(registry.manifests.get("app:1")).isEqualTo(layout.manifest());
  }

  @Test
  void givesUpAfterABoundedNumberOfAttempts() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    registry.failWhen = q -> q.startsWith("PUT ") && q.contains("/manifests/");
    registry.failCount.set(Integer.MAX_VALUE);

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).startsWith("cannot push the manifest as " + r + "/app:1 after 4 attempts: " + r
        + " answered HTTP 503");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(registry.manifests).isEmpty();
  }

  @Test
  void aRegistryStoppedMidPushFailsAfterTheRetriesWithWhatHappened() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    // The registry goes away once the first blob is stored.
    registry.onRequest = q -> {
      if (q.startsWith("PUT ") && q.contains("/blobs/uploads/")) {
        new Thread(registry::close).start();
      }
    };
    long start = System.nanoTime();

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).contains("after 4 attempts").contains(r + " dropped the connection")
        .contains("Blobs already sent stay in the registry");
    assertThat(sleeps).hasSize(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void droppedConnectionsAreRetried() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    int[] drops = {1};
    registry.dropWhen = q -> q.startsWith("PATCH ") && drops[0]-- > 0;

    push(layout.dir(), insecure(r));

    assertThat(sleeps).hasSize(1);
    assertThat(registry.manifests.get("app:1")).isEqualTo(layout.manifest());
  }

  @Test
  void aManifestStoredUnderAnotherDigestIsAnError() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    registry.wrongManifestDigest = "sha256:" + "0".repeat(64);

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).contains("stored the manifest of app:1 under another digest than bunny:build computed ("
        + layout.digest() + ")").contains("sha256:" + "0".repeat(64));
  }

  @Test
  void mountsBlobsFromARepositoryPushedBeforeOnTheSameRegistry() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/team/a:1", r + "/team/b:1");

    PushResult result = push(layout.dir(), insecure(r));

    assertThat(registry.mounts.get()).isEqualTo(3);
    assertThat(result.blobsUploaded()).isEqualTo(3);
    assertThat(result.blobsPresent()).isEqualTo(3);
    assertThat(log.all()).contains("mounted from " + r + "/team/a");
    assertThat(registry.manifests.get("team/b:1")).isEqualTo(layout.manifest());
  }

  @Test
  void noCredentialsOnAnAuthRegistrySaysHowToGiveThem() throws Exception {
    String r = registry.address();
    registry.requiredBasic = "alice:Sup3r-secret";
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).startsWith(r + " requires credentials to check blob sha256:")
        .contains("none were found for " + r).contains("<auth>").contains("<id>" + r + "</id>")
        .contains("docker login " + r);
    assertThat(sleeps).isEmpty(); // not retried: retrying cannot fix it
  }

  @Test
  void wrongCredentialsAreRejectedWithoutShowingThem() throws Exception {
    String r = registry.address();
    registry.requiredBasic = "alice:Sup3r-secret";
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    CredentialLookup wrong = fixed(new RegistryCredential("alice", "Wr0ng-secret", "the test's <auth>"));

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r), wrong));

    assertThat(e.getMessage()).isEqualTo(r + " rejected the credentials from the test's <auth> (HTTP 401 when trying to"
        + " check blob " + layout.blobs().get(0) + " in app): check the username and password");
    assertNoSecret(e.getMessage(), "alice", "Wr0ng-secret");
  }

  @Test
  void rightCredentialsPushAndNeverAppearInAnyLogLine() throws Exception {
    String r = registry.address();
    registry.requiredBasic = "alice:Sup3r-secret";
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");

    push(layout.dir(), insecure(r), fixed(new RegistryCredential("alice", "Sup3r-secret", "settings.xml <server> 'x'")));

    assertThat(registry.manifests.get("app:1")).isEqualTo(layout.manifest());
    assertThat(log.lines).contains("INFO Registry " + r + ": using credentials from settings.xml <server> 'x'");
    assertNoSecret(log.all(), "alice", "Sup3r-secret");
  }

  @Test
  void plainHttpIsRefusedUnlessNamedInsecureAndFailsFast() throws Exception {
    String r = registry.address();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    long start = System.nanoTime();

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), InsecureRegistries.NONE));

    assertThat(e.getMessage()).isEqualTo("cannot push to " + r + ": it speaks plain HTTP, not HTTPS. Registries are"
        + " reached over verified TLS unless you name them insecure: if this one is meant to run without TLS, add it to"
        + " <insecureRegistries> (-Dbunny.insecureRegistries=" + r + "); otherwise check the port in <image>");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(registry.requests).isEmpty();
    assertThat(log.all()).doesNotContain("is listed in <insecureRegistries>");
  }

  @Test
  void theInsecureFlagCoversOnlyTheNamedRegistry() throws Exception {
    try (FakeRegistry other = new FakeRegistry()) {
      String a = registry.address();
      String b = other.address();
      TestLayouts.Written layout = TestLayouts.write(tmp, 100, a + "/app:1", b + "/app:1");

      BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(a)));

      assertThat(registry.manifests.get("app:1")).isEqualTo(layout.manifest()); // a: pushed over plain HTTP
      assertThat(e.getMessage()).startsWith("cannot push to " + b + ": it speaks plain HTTP"); // b: refused
      assertThat(other.requests).isEmpty();
      assertThat(log.lines).filteredOn(l -> l.startsWith("WARN Registry ") && l.contains("is listed in <insecureRegistries>"))
          .containsExactly("WARN Registry " + a + " is listed in <insecureRegistries>: plain HTTP and unverified TLS"
              + " certificates are accepted for it");
    }
  }

  @Test
  void nothingListeningFailsInSecondsSayingSo() throws Exception {
    String r = registry.address();
    registry.close();
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");
    long start = System.nanoTime();

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).startsWith("cannot push to " + r + ": nothing answers there (")
        .endsWith("is the registry running, and are the host and port in <image> (-Dbunny.image) right?");
    assertThat(sleeps).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void somethingThatIsNotARegistry() throws Exception {
    String r = registry.address();
    registry.failWhen = q -> q.startsWith("GET /v2/");
    registry.failCount.set(1);
    registry.failStatus = 404;
    TestLayouts.Written layout = TestLayouts.write(tmp, 100, r + "/app:1");

    BuildFailure e = assertThrows(BuildFailure.class, () -> push(layout.dir(), insecure(r)));

    assertThat(e.getMessage()).contains("answered 404: " + r + " does not serve the registry API (/v2/)");
  }

  @Test
  void noLayoutSaysToBuildFirst() {
    BuildFailure e = assertThrows(BuildFailure.class, () -> push(tmp.resolve("missing"), InsecureRegistries.NONE));
    assertThat(e.getMessage()).startsWith("no OCI image layout at " + tmp.resolve("missing")).contains("run bunny:build first");
  }

  private static CredentialLookup fixed(RegistryCredential credential) {
    return new CredentialLookup() {
      @Override
      public Optional<RegistryCredential> find(String registry) {
        return Optional.of(credential);
      }

      @Override
      public String describe(String registry) {
        return "fixed";
      }
    };
  }

  static void assertNoSecret(String text, String user, String password) {
    assertThat(text).doesNotContain(password)
        .doesNotContain(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }
}
