package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token flow of pulls (Docker Hub, ghcr.io, Harbor...), which the Debian registry does
 * not offer: a plain-HTTP fake whose /v2/ asks for a token from its own /token realm.
 */
class PullTokenAuthTest {

  private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] BLOB = "blob bytes".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private PlainHttpFront front;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile String manifestDigestHeader;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    front = new PlainHttpFront(server.getAddress().getPort());
  }

  @AfterEach
  void stop() throws IOException {
    front.close();
    server.stop(0);
  }

  private String address() {
    return "127.0.0.1:" + front.port();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String query = x.getRequestURI().getRawQuery();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    requests.add(x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " auth="
        + (auth == null ? "none" : auth.split(" ")[0]));
    x.getRequestBody().readAllBytes();
    if (path.equals("/token")) {
      String basic = "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
      if (auth != null && !auth.equals(basic)) {
        send(x, 401, "{}", null);
        return;
      }
      send(x, 200, "{\"token\":\"" + (auth == null ? "anonymous" : "granted") + "\"}", null);
      return;
    }
    if (!"Bearer granted".equals(auth)) {
      x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address() + "/token\",service=\"fake\""
          + (path.equals("/v2/") ? "" : ",scope=\"repository:team/app:pull\""));
      send(x, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", null);
      return;
    }
    if (path.equals("/v2/team/app/manifests/1.0")) {
      x.getResponseHeaders().add("Docker-Content-Digest", manifestDigestHeader);
      x.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
      x.sendResponseHeaders(200, MANIFEST.length);
      x.getResponseBody().write(MANIFEST);
      x.close();
    } else if (path.equals("/v2/team/app/blobs/" + Digest.of(BLOB))) {
      x.sendResponseHeaders(200, BLOB.length);
      x.getResponseBody().write(BLOB);
      x.close();
    } else {
      send(x, 404, "{}", null);
    }
  }

  private static void send(HttpExchange x, int status, String body, String type) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type == null ? "application/json" : type);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private RegistryTransport open(RegistryCredential credential) {
    return JibRegistryTransport.FACTORY.open(address(), "team/app", credential, true, new RecordingLog());
  }

  @Test
  void aTokenWithPullScopeIsFetchedWithTheCredential() throws Exception {
    manifestDigestHeader = Digest.of(MANIFEST).toString();
    try (RegistryTransport t = open(new RegistryCredential("user", "pass", "the test"))) {
      t.connectForPull(address() + "/team/app:1.0");
      RegistryTransport.PulledManifest m = t.pullManifest("1.0", List.of("application/vnd.oci.image.manifest.v1+json"));
      assertThat(m.bytes()).isEqualTo(MANIFEST);
      assertThat(m.digest()).isEqualTo(Digest.of(MANIFEST));
      assertThat(m.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long[] seen = new long[1];
      t.pullBlob(Digest.of(BLOB), out, n -> seen[0] += n);
      assertThat(out.toByteArray()).isEqualTo(BLOB);
      assertThat(seen[0]).isEqualTo(BLOB.length);
      assertThat(t.pullManifest("2.0", List.of("*/*"))).isNull();
    }
    assertThat(requests).contains("GET /token?service=fake&scope=repository:team/app:pull auth=Basic",
        "GET /v2/team/app/manifests/1.0 auth=Bearer");
  }

  @Test
  void anAnonymousTokenThatCannotPullGivesTheCredentialsMessage() throws Exception {
    manifestDigestHeader = Digest.of(MANIFEST).toString();
    try (RegistryTransport t = open(null)) {
      t.connectForPull("x/team/app:1.0");
      assertThatThrownBy(() -> t.pullManifest("1.0", List.of("*/*")))
          .isInstanceOf(BuildFailure.class)
          .hasMessageStartingWith(address() + " requires credentials to pull the manifest team/app:1.0 (HTTP 401), and"
              + " none were found for " + address() + " (or x/team/app:1.0 does not exist");
    }
  }

  @Test
  void wrongCredentialsAtTheTokenService() throws Exception {
    try (RegistryTransport t = open(new RegistryCredential("user", "nope-secret", "the test"))) {
      assertThatThrownBy(() -> t.connectForPull("x"))
          .isInstanceOf(BuildFailure.class)
          .hasMessage(address() + " rejected the credentials from the test (HTTP 401 when trying to get a pull token"
              + " from 127.0.0.1): check the username and password");
    }
  }

  @Test
  void aManifestOtherThanAnnouncedIsRetried() throws Exception {
    manifestDigestHeader = "sha256:" + "0".repeat(64);
    try (RegistryTransport t = open(new RegistryCredential("user", "pass", "the test"))) {
      t.connectForPull("x");
      assertThatThrownBy(() -> t.pullManifest("1.0", List.of("*/*")))
          .isInstanceOf(TransientRegistryException.class)
          .hasMessageContaining("announced sha256:000");
    }
  }
}
