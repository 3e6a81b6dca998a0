package dev.bunny.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bunny.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-HTTP registry (the distribution API subset a push uses) on 127.0.0.1, for fault tests
 * the real registry cannot stage: 5xx answers, dropped connections, a wrong manifest digest.
 * The ITs run the real docker-registry.
 */
final class FakeRegistry implements AutoCloseable {

  private static final Pattern PATH = Pattern.compile("/v2/(.+)/(blobs|manifests)/(.+)");

  private final HttpServer server;
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>(); // digest -> bytes (content store)
  final java.util.Set<String> links = ConcurrentHashMap.newKeySet(); // repo@digest: blobs a repository has
  final Map<String, byte[]> manifests = new ConcurrentHashMap<>(); // repo:ref -> bytes
  final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicLong bytesReceived = new AtomicLong();
  final AtomicInteger mounts = new AtomicInteger();

  /** Basic auth: user:password required when set. */
  volatile String requiredBasic;
  /** Answers this status to the next {@code failCount} requests matching {@code failWhen}. */
  volatile Predicate<String> failWhen = r -> false;
  final AtomicInteger failCount = new AtomicInteger();
  volatile int failStatus = 503;
  /** Closes the connection without an answer for matching requests (a registry gone mid-push). */
  volatile Predicate<String> dropWhen = r -> false;
  /** A digest to report for every manifest PUT instead of the real one. */
  volatile String wrongManifestDigest;

  private final java.net.ServerSocket front;
  private volatile boolean closed;

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    front = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::accept, "fake-registry-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String address() {
    return "127.0.0.1:" + front.getLocalPort();
  }

  /**
   * The JDK's HttpServer never answers a TLS ClientHello (it waits for a request line), where Go's
   * registry answers 400 at once. A front that does what Go does keeps "plain HTTP" failures fast,
   * as against the real registry, and forwards everything else.
   */
  private void accept() {
    while (!closed) {
      try {
        java.net.Socket client = front.accept();
        Thread t = new Thread(() -> serve(client), "fake-registry-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(java.net.Socket client) {
    try (client) {
      java.io.PushbackInputStream in = new java.io.PushbackInputStream(client.getInputStream(), 1);
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == 0x16) { // a TLS handshake record
        client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      in.unread(first);
      try (java.net.Socket upstream = new java.net.Socket("127.0.0.1", server.getAddress().getPort())) {
        Thread up = new Thread(() -> pipe(in, upstream), "fake-registry-up");
        up.setDaemon(true);
        up.start();
        pipe(upstream.getInputStream(), client);
        up.join(1000);
      }
    } catch (IOException | InterruptedException e) {
      // connection gone
    }
  }

  private static void pipe(InputStream from, java.net.Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // closed
    }
  }


  /** Sees each request before it is answered (e.g. to stop the registry mid-push). */
  volatile java.util.function.Consumer<String> onRequest = r -> {};

  private void handle(HttpExchange ex) throws IOException {
    String request = ex.getRequestMethod() + " " + ex.getRequestURI();
    requests.add(request);
    onRequest.accept(request);
    try (ex) {
      if (dropWhen.test(request)) {
        ex.getResponseBody().close(); // no status line: the client sees a dropped connection
        return;
      }
      if (failWhen.test(request) && failCount.getAndDecrement() > 0) {
        send(ex, failStatus, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}");
        return;
      }
      if (requiredBasic != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(requiredBasic.getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
          send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
          return;
        }
      }
      route(ex);
    }
  }

  private void route(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String method = ex.getRequestMethod();
    if (uri.getPath().equals("/v2/") || uri.getPath().equals("/v2")) {
      send(ex, 200, "{}");
      return;
    }
    Matcher m = PATH.matcher(uri.getPath());
    if (!m.matches()) {
      send(ex, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}");
      return;
    }
    String repo = m.group(1);
    String kind = m.group(2);
    String rest = m.group(3);
    Map<String, String> query = query(uri.getRawQuery());
    if (kind.equals("blobs") && method.equals("HEAD")) {
      byte[] b = links.contains(repo + "@" + rest) ? blobs.get(rest) : null;
      if (b == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.getResponseHeaders().add("Content-Length", String.valueOf(b.length));
        ex.getResponseHeaders().add("Docker-Content-Digest", rest);
        ex.sendResponseHeaders(200, -1);
      }
    } else if (kind.equals("blobs") && method.equals("POST") && rest.equals("uploads/")) {
      String mount = query.get("mount");
      if (mount != null && query.get("from") != null && blobs.containsKey(mount)) {
        mounts.incrementAndGet();
        links.add(repo + "@" + mount);
        ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/" + mount);
        ex.getResponseHeaders().add("Docker-Content-Digest", mount);
        send(ex, 201, "");
        return;
      }
      String id = UUID.randomUUID().toString();
      uploads.put(id, new ByteArrayOutputStream());
      ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id);
      ex.getResponseHeaders().add("Range", "0-0");
      send(ex, 202, "");
    } else if (kind.equals("blobs") && method.equals("PATCH") && rest.startsWith("uploads/")) {
      String id = rest.substring("uploads/".length());
      ByteArrayOutputStream upload = uploads.get(id);
      byte[] body = readAll(ex.getRequestBody());
      bytesReceived.addAndGet(body.length);
      upload.write(body);
      ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/uploads/" + id);
      ex.getResponseHeaders().add("Range", "0-" + (upload.size() - 1));
      send(ex, 202, "");
    } else if (kind.equals("blobs") && method.equals("PUT") && rest.startsWith("uploads/")) {
      String id = rest.substring("uploads/".length());
      ByteArrayOutputStream upload = uploads.remove(id);
      byte[] body = readAll(ex.getRequestBody());
      bytesReceived.addAndGet(body.length);
      upload.write(body);
      String digest = query.get("digest");
      if (!Digest.of(upload.toByteArray()).toString().equals(digest)) {
        send(ex, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest mismatch\"}]}");
        return;
      }
      blobs.put(digest, upload.toByteArray());
      links.add(repo + "@" + digest);
      ex.getResponseHeaders().add("Location", "/v2/" + repo + "/blobs/" + digest);
      send(ex, 201, "");
    } else if (kind.equals("manifests") && method.equals("PUT")) {
      byte[] body = readAll(ex.getRequestBody());
      manifests.put(repo + ":" + rest, body);
      manifestTypes.put(repo + ":" + rest, String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
      String digest = wrongManifestDigest != null ? wrongManifestDigest : Digest.of(body).toString();
      ex.getResponseHeaders().add("Docker-Content-Digest", digest);
      ex.getResponseHeaders().add("Location", "/v2/" + repo + "/manifests/" + digest);
      send(ex, 201, "");
    } else {
      send(ex, 405, "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"" + method + "\"}]}");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new ConcurrentHashMap<>();
    if (raw != null) {
      for (String part : raw.split("&")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          q.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  /** Stops answering; the port then refuses connections. */
  @Override
  public void close() {
    closed = true;
    try {
      front.close();
    } catch (IOException e) {
      // closing
    }
    server.stop(0);
  }
}
