package dev.bunny.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Digest;
import dev.bunny.oci.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one class that drives jib-core's registry internals ({@code RegistryClient}, {@code
 * FailoverHttpClient}, a manifest template). jib-core's high-level API rebuilds manifests and
 * drops annotations, so we push blobs through {@code RegistryClient} and PUT our own manifest
 * bytes through a template that serialises them verbatim (checked when it is made: a jib-core
 * change that alters the bytes fails loudly instead of pushing another digest).
 *
 * <p>What this class adds to jib-core, from measurements (see the reference notes):
 *
 * <ul>
 *   <li>one {@code FailoverHttpClient} per registry, insecure only when the user named that
 *       registry, so the flag never leaks to another host;
 *   <li>jib's own IOException retry loop (about ten tries over ~50-60 s) is switched off: a quick
 *       {@code GET /v2/} probe fails unreachable, plain-HTTP or untrusted-TLS registries within
 *       seconds, and the caller retries 5xx and dropped connections a bounded number of times;
 *   <li>jib's exceptions, some misleading ({@code RegistryCredentialsNotSentException} when no
 *       credentials exist at all), become messages that say what to fix;
 *   <li>jib's "unexpected image digest" warning becomes an error;
 *   <li>pulls GET manifests raw (jib's parsed templates drop annotations, variants and layer media
 *       types) over the same {@code FailoverHttpClient}, authenticating as the registry's {@code
 *       WWW-Authenticate} challenge asks: HTTP basic, or a bearer token with pull scope.
 * </ul>
 *
 * <p>No credential reaches a log line or a message: jib's {@code Credential.toString()} prints
 * {@code user:password}, so it is never formatted, and every text from jib is redacted.
 */
public final class JibRegistryTransport implements RegistryTransport {

  /** Opens a {@link JibRegistryTransport}. */
  public static final Factory FACTORY = JibRegistryTransport::new;

  /** How long the first {@code GET /v2/} may take to connect and to answer. */
  static final int PROBE_TIMEOUT_MILLIS = 5_000;

  private static final String USER_AGENT = "bunny-maven-plugin (jib-core)";

  /** The largest manifest or index a pull reads (distribution refuses more than 4 MiB). */
  static final int MAX_MANIFEST_BYTES = 8 << 20;

  private static final Pattern CHALLENGE_PARAM = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");

  /** The start of jib's warning when the registry answers with another manifest digest. */
  private static final String DIGEST_WARNING = "Expected image digest";

  private final String registry;
  private final String repository;
  private final String apiHost;
  private final RegistryCredential credential;
  private final boolean insecure;
  private final BuildLog log;
  private final FailoverHttpClient http;
  private final RegistryClient client;
  private volatile String digestWarning;
  /** The reference being pulled (messages speak of pulling), or null for a push. */
  private volatile String pullReference;
  /** What pull requests send: null for anonymous access. */
  private volatile Authorization pullAuthorization;
  /** Whether pullAuthorization answers a challenge already (a second 401 is then final). */
  private volatile boolean pullAuthenticated;

  private JibRegistryTransport(String registry, String repository, RegistryCredential credential, boolean insecure,
      BuildLog log) {
    this.registry = registry;
    this.repository = repository;
    this.apiHost = registry.equals(RegistryRef.DOCKER_HUB) ? RegistryRef.DOCKER_HUB_API : registry;
    this.credential = credential;
    this.insecure = insecure;
    this.log = log;
    Consumer<LogEvent> jibLog = this::onJibLog;
    // Credentials travel over plain HTTP only to a registry the user named insecure.
    this.http = newHttpClient(insecure, jibLog, log);
    this.client = RegistryClient.factory(EventHandlers.builder().add(LogEvent.class, jibLog).build(), apiHost,
            repository, http)
        .setCredential(credential == null ? null : Credential.from(credential.username(), credential.password()))
        .setUserAgent(USER_AGENT)
        .newRegistryClient();
  }

  /**
   * A client without jib's own retry loop (a package-private constructor, reached reflectively;
   * if a jib-core release drops it, the public one works, with jib's slower retries).
   */
  private static FailoverHttpClient newHttpClient(boolean insecure, Consumer<LogEvent> logger, BuildLog log) {
    try {
      Constructor<FailoverHttpClient> c = FailoverHttpClient.class.getDeclaredConstructor(
          boolean.class, boolean.class, Consumer.class, boolean.class);
      c.setAccessible(true);
      return c.newInstance(insecure, insecure, logger, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("jib-core's FailoverHttpClient cannot switch off its own retries (" + e.getClass().getSimpleName()
          + "); failures may take up to a minute to report");
      return new FailoverHttpClient(insecure, insecure, logger);
    }
  }

  @Override
  public void connect() throws BuildFailure, TransientRegistryException {
    probe();
    try {
      boolean bearer = client.doPushBearerAuth();
      if (!bearer && credential != null) {
        client.configureBasicAuth();
      }
      log.debug("authenticated with " + registry + " (" + (bearer ? "token" : credential != null ? "basic" : "none") + ")");
    } catch (RegistryException | IOException e) {
      throw translate(e, "authenticate with " + registry);
    }
  }

  /**
   * {@code GET /v2/} with a short timeout: fails fast and says what to fix.
   *
   * @return the {@code WWW-Authenticate} challenge of a 401 answer, or null
   */
  private String probe() throws BuildFailure, TransientRegistryException {
    URL url;
    try {
      url = new URL("https://" + apiHost + "/v2/");
    } catch (IOException e) {
      throw new BuildFailure("registry '" + registry + "' does not make a valid URL: " + e.getMessage());
    }
    Request request = Request.builder().setHttpTimeout(PROBE_TIMEOUT_MILLIS).setUserAgent(USER_AGENT).build();
    long start = System.nanoTime();
    try (Response response = http.get(url, request)) {
      log.debug("GET " + url + ": " + response.getStatusCode());
      return null;
    } catch (ResponseException e) {
      int status = e.getStatusCode();
      if (status == 401) {
        log.debug("GET " + url + ": 401, the registry wants credentials");
        return challenge(e);
      } else if (status >= 500 || status == 429) {
        throw new TransientRegistryException(registry + " answered HTTP " + status + " to GET " + url);
      } else if (status == 404) {
        throw new BuildFailure(url + " answered 404: " + registry + " does not serve the registry API (/v2/);"
            + " check the registry host and port in " + whereNamed());
      } else {
        throw new BuildFailure(url + " answered HTTP " + status + ": " + registry
            + " does not look like a registry; check the registry host and port in " + whereNamed());
      }
    } catch (IOException e) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      throw connectFailure(e, millis);
    }
  }

  /** Why the first contact failed, and what to do about it. */
  private BuildFailure connectFailure(Throwable e, long millis) {
    String insecureHint = "add it to <insecureRegistries> (-Dbunny.insecureRegistries=" + registry + ")";
    Throwable unknownHost = cause(e, UnknownHostException.class);
    if (unknownHost != null) {
      return new BuildFailure(cannotReach() + ": the host '" + RegistryRef.hostOf(apiHost)
          + "' is unknown (DNS lookup failed); check the registry in " + whereNamed());
    }
    Throwable timeout = cause(e, SocketTimeoutException.class);
    if (timeout != null || (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("timed out"))) {
      return new BuildFailure(cannotReach() + ": no answer within " + (millis / 1000) + " s;"
          + " check the host and port in " + whereNamed() + " and any firewall or proxy in between");
    }
    if (cause(e, ConnectException.class) != null || cause(e, NoRouteToHostException.class) != null) {
      return new BuildFailure(cannotReach() + ": nothing answers there (" + message(e) + ");"
          + " is the registry running, and are the host and port in " + whereNamed() + " right?");
    }
    SSLException ssl = cause(e, SSLException.class);
    if (ssl != null) {
      String m = String.valueOf(ssl.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("unrecognized ssl message") || m.contains("plaintext")) {
        return new BuildFailure(cannotReach() + ": it speaks plain HTTP, not HTTPS. Registries are"
            + " reached over verified TLS unless you name them insecure: if this one is meant to run without TLS, "
            + insecureHint + "; otherwise check the port in " + whereNamedShort());
      }
      if (ssl instanceof SSLHandshakeException || cause(e, CertificateException.class) != null
          || m.contains("certification path") || m.contains("pkix") || m.contains("subject alternative")) {
        return new BuildFailure(cannotReach() + ": its TLS certificate is not trusted (self-signed,"
            + " from a CA the JVM does not know, or for another name: " + message(ssl) + "). Add its CA to the JVM's"
            + " trust store (-Djavax.net.ssl.trustStore=...), or, for a test registry, " + insecureHint);
      }
      return new BuildFailure(cannotReach() + ": the TLS handshake failed (" + message(ssl) + ");"
          + " if the registry has no valid TLS, " + insecureHint);
    }
    return new BuildFailure(cannotReach() + ": " + message(e) + "; check the registry in " + whereNamed());
  }

  /** Where the user named the registry, for messages: the pushed image, or the reference being pulled. */
  private String whereNamed() {
    String pulling = pullReference;
    return pulling == null ? "<image> (-Dbunny.image)" : "the image reference '" + pulling + "'";
  }

  /** As {@link #whereNamed()}, without the property, for where the original message had none. */
  private String whereNamedShort() {
    String pulling = pullReference;
    return pulling == null ? "<image>" : "the image reference '" + pulling + "'";
  }

  private String cannotReach() {
    String pulling = pullReference;
    return pulling == null ? "cannot push to " + registry : "cannot pull " + pulling + " from " + registry;
  }

  @Override
  public void connectForPull(String reference) throws BuildFailure, TransientRegistryException {
    pullReference = reference;
    String challenge = probe();
    if (challenge != null) {
      authenticateForPull(challenge);
    }
    log.debug("connected to " + registry + " for pulling (" + (pullAuthorization == null ? "anonymous"
        : pullAuthorization.getScheme().toLowerCase(Locale.ROOT)) + ")");
  }

  /** Answers a {@code WWW-Authenticate} challenge: basic with the credential, or a pull token. */
  private void authenticateForPull(String challenge) throws BuildFailure, TransientRegistryException {
    pullAuthenticated = true;
    String scheme = challenge.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      pullAuthorization = credential == null ? null
          : Authorization.fromBasicCredentials(credential.username(), credential.password());
      return;
    }
    if (!scheme.equals("bearer")) {
      throw new BuildFailure(registry + " asks for " + scheme + " authentication, which bunny does not support"
          + " (basic and bearer tokens only)");
    }
    Map<String, String> params = new HashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || realm.isEmpty()) {
      throw new BuildFailure(registry + " asks for a bearer token but names no realm to get it from: "
          + redact(challenge));
    }
    StringBuilder query = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (params.get("service") != null) {
      query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
    }
    query.append("scope=").append(URLEncoder.encode("repository:" + repository + ":pull", StandardCharsets.UTF_8));
    URL url;
    try {
      url = new URL(query.toString());
    } catch (IOException e) {
      throw new BuildFailure(registry + " names a token realm that is not a URL: " + realm);
    }
    Request.Builder request = Request.builder().setUserAgent(USER_AGENT).setHttpTimeout(PROBE_TIMEOUT_MILLIS * 2)
        .setAccept(List.of("application/json"));
    if (credential != null) {
      request.setAuthorization(Authorization.fromBasicCredentials(credential.username(), credential.password()));
    }
    byte[] body;
    try (Response response = http.get(url, request.build())) {
      body = readLimited(response.getBody(), 1 << 20);
    } catch (ResponseException e) {
      throw pullStatusFailure(e.getStatusCode(), "get a pull token from " + url.getHost());
    } catch (IOException e) {
      throw pullIoFailure(e, "get a pull token from " + url.getHost());
    }
    String token = null;
    try {
      if (JsonTree.parse(body, "token answer") instanceof Map<?, ?> answer) {
        Object t = answer.get("token") != null ? answer.get("token") : answer.get("access_token");
        token = t instanceof String ts && !ts.isEmpty() ? ts : null;
      }
    } catch (IOException e) {
      token = null;
    }
    if (token == null) {
      throw new BuildFailure(registry + "'s token service " + url.getHost() + " answered without a token");
    }
    pullAuthorization = Authorization.fromBearerToken(token);
  }

  @Override
  public PulledManifest pullManifest(String tagOrDigest, List<String> accept)
      throws BuildFailure, TransientRegistryException {
    String action = "pull the manifest " + repository + (tagOrDigest.contains(":") ? "@" : ":") + tagOrDigest;
    URL url = apiUrl("manifests/" + tagOrDigest);
    byte[] bytes;
    String contentType;
    String announced;
    try (Response response = pullGet(url, accept, action)) {
      if (response == null) {
        return null;
      }
      bytes = readLimited(response.getBody(), MAX_MANIFEST_BYTES);
      contentType = first(response.getHeader("Content-Type"));
      announced = first(response.getHeader("Docker-Content-Digest"));
    } catch (IOException e) {
      throw pullIoFailure(e, action);
    }
    Digest digest = Digest.of(bytes);
    if (tagOrDigest.startsWith(Digest.SHA256 + ":") && !tagOrDigest.equals(digest.toString())) {
      throw new BuildFailure(registry + " served other bytes (" + digest + ") for " + repository + "@" + tagOrDigest
          + ": the registry is broken or something in between rewrote the answer");
    }
    if (announced != null && announced.startsWith(Digest.SHA256 + ":") && !announced.equals(digest.toString())) {
      throw new TransientRegistryException(registry + " announced " + announced + " for " + repository + ":"
          + tagOrDigest + " but sent bytes with digest " + digest);
    }
    if (contentType != null && contentType.indexOf(';') >= 0) {
      contentType = contentType.substring(0, contentType.indexOf(';'));
    }
    return new PulledManifest(bytes, contentType == null ? null : contentType.trim(), digest);
  }

  @Override
  public void pullBlob(Digest digest, OutputStream out, LongConsumer progress)
      throws BuildFailure, TransientRegistryException, IOException {
    String action = "pull blob " + digest + " of " + repository;
    URL url = apiUrl("blobs/" + digest);
    try (Response response = pullGet(url, List.of("*/*"), action)) {
      if (response == null) {
        throw new BuildFailure(registry + " has no blob " + digest + " in " + repository + " (HTTP 404), though the"
            + " image's manifest lists it: the image in the registry is incomplete; push it again");
      }
      InputStream in;
      try {
        in = response.getBody();
      } catch (IOException e) {
        throw pullIoFailure(e, action);
      }
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw pullIoFailure(e, action);
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        progress.accept(n);
      }
    } catch (IOException e) {
      // Closing the response; or writing to out, which the caller reports.
      if (e instanceof ResponseException) {
        throw pullIoFailure(e, action);
      }
      throw e;
    }
  }

  /**
   * An authorized GET; a 401 first answers the challenge it carries (once), then retries.
   *
   * @return null for 404
   */
  private Response pullGet(URL url, List<String> accept, String action) throws BuildFailure, TransientRegistryException {
    for (int attempt = 0; ; attempt++) {
      Request.Builder request = Request.builder().setUserAgent(USER_AGENT).setAccept(accept);
      Authorization authorization = pullAuthorization;
      if (authorization != null) {
        request.setAuthorization(authorization);
      }
      try {
        Response response = http.get(url, request.build());
        log.debug("GET " + url + ": " + response.getStatusCode());
        return response;
      } catch (ResponseException e) {
        int status = e.getStatusCode();
        log.debug("GET " + url + ": " + status);
        if (status == 404) {
          return null;
        }
        String challenge = status == 401 ? challenge(e) : null;
        // A first 401 brings the challenge to answer; with a token, it may also mean the token expired.
        if (status == 401 && attempt == 0 && challenge != null && (!pullAuthenticated
            || authorization != null && "bearer".equalsIgnoreCase(authorization.getScheme()))) {
          authenticateForPull(challenge);
          continue;
        }
        throw pullStatusFailure(status, action);
      } catch (IOException e) {
        throw pullIoFailure(e, action);
      }
    }
  }

  private URL apiUrl(String path) throws BuildFailure {
    try {
      return new URL("https://" + apiHost + "/v2/" + repository + "/" + path);
    } catch (IOException e) {
      throw new BuildFailure("registry '" + registry + "' does not make a valid URL: " + e.getMessage());
    }
  }

  /** What an HTTP error answer to a pull means. */
  private BuildFailure pullStatusFailure(int status, String action) throws TransientRegistryException {
    if (status >= 500 || status == 429 || status == 408) {
      throw new TransientRegistryException(registry + " answered HTTP " + status + " when trying to " + action);
    }
    if (status == 401) {
      return credential == null ? noCredentials(action) : new BuildFailure(registry + " rejected the credentials from "
          + credential.source() + " (HTTP 401 when trying to " + action + "): check the username and password");
    }
    if (status == 403) {
      return new BuildFailure(registry + "/" + repository + " denied pulling (HTTP 403) to " + (credential == null
          ? "anonymous access: give credentials with pull rights"
          : "the credentials from " + credential.source() + ": they are valid but may not pull from " + repository));
    }
    return new BuildFailure(registry + " answered HTTP " + status + " when trying to " + action);
  }

  /** A failed pull request that got no HTTP answer. */
  private BuildFailure pullIoFailure(IOException e, String action) throws TransientRegistryException {
    if (cause(e, UnknownHostException.class) != null || cause(e, SSLException.class) != null) {
      return connectFailure(e, 0);
    }
    log.debug("registry call failed: " + redact(String.valueOf(e)));
    throw new TransientRegistryException("cannot " + action + ": " + registry + " dropped the connection ("
        + message(e) + ")");
  }

  /** The {@code WWW-Authenticate} header of an error answer, or null. */
  private static String challenge(ResponseException e) {
    // getHeaders() returns google-http-client's HttpHeaders (a Map), which is only on jib-core's
    // runtime classpath: reached reflectively, read as a Map.
    Object headers;
    try {
      headers = ResponseException.class.getMethod("getHeaders").invoke(e);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
      return null;
    }
    if (!(headers instanceof Map<?, ?> map)) {
      return null;
    }
    for (Map.Entry<?, ?> h : map.entrySet()) {
      if (!"www-authenticate".equalsIgnoreCase(String.valueOf(h.getKey()))) {
        continue;
      }
      Object v = h.getValue();
      if (v instanceof List<?> list) {
        for (Object item : list) {
          String s = String.valueOf(item).trim();
          if (s.regionMatches(true, 0, "bearer", 0, 6)) {
            return s;
          }
        }
        return list.isEmpty() ? null : String.valueOf(list.get(0));
      }
      return v == null ? null : String.valueOf(v);
    }
    return null;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static byte[] readLimited(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (out.size() > limit) {
        throw new IOException("the answer is larger than " + (limit >> 20) + " MiB; not a manifest");
      }
    }
    return out.toByteArray();
  }

  @Override
  public boolean hasBlob(Digest digest) throws BuildFailure, TransientRegistryException {
    try {
      return client.checkBlob(jibDigest(digest)).isPresent();
    } catch (RegistryException | IOException e) {
      throw translate(e, "check blob " + digest + " in " + repository);
    }
  }

  @Override
  public boolean pushBlob(LayoutImage.Blob blob, String mountFrom, LongConsumer progress)
      throws BuildFailure, TransientRegistryException {
    try {
      // Blobs.from(Path) streams the file and can be re-read when a request is retried.
      return client.pushBlob(jibDigest(blob.digest()), Blobs.from(blob.file()), mountFrom, progress::accept);
    } catch (RegistryException | IOException e) {
      throw translate(e, "upload blob " + blob.digest() + " to " + repository);
    }
  }

  @Override
  public Digest pushManifest(byte[] manifest, String mediaType, String tag) throws BuildFailure, TransientRegistryException {
    Digest ours = Digest.of(manifest);
    ManifestTemplate template = rawManifest(manifest, mediaType);
    digestWarning = null;
    DescriptorDigest stored;
    try {
      stored = client.pushManifest(template, tag);
    } catch (RegistryException | IOException e) {
      throw translate(e, "push the manifest as " + repository + ":" + tag);
    }
    String warning = digestWarning;
    if (warning != null || !ours.toString().equals(stored.toString())) {
      throw new BuildFailure(registry + " stored the manifest of " + repository + ":" + tag + " under another digest"
          + " than bunny:build computed (" + ours + "): " + (warning != null ? warning : stored)
          + ". The registry rewrote the manifest, so the image there is not the one built; use a registry that"
          + " stores OCI manifests unchanged");
    }
    return ours;
  }

  /**
   * A jib {@link ManifestTemplate} whose JSON is exactly {@code bytes}. jib turns a template into
   * the PUT body (and the digest it expects) with its Jackson mapper; a template that is also
   * Jackson's {@code JsonSerializable} and writes the bytes with {@code writeRawValue} makes both
   * ours. jackson-databind is only on the runtime classpath (jib-core declares it so), so the
   * template is a dynamic proxy rather than a class implementing the interface. The constructor
   * check below is what makes this safe.
   */
  static ManifestTemplate rawManifest(byte[] bytes, String mediaType) throws BuildFailure {
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new BuildFailure("the manifest is not UTF-8 JSON; rebuild the image (mvn clean package)");
    }
    ClassLoader loader = JibRegistryTransport.class.getClassLoader();
    Class<?> jsonSerializable;
    try {
      jsonSerializable = Class.forName("com.fasterxml.jackson.databind.JsonSerializable", false,
          JsonTemplateMapper.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("jackson-databind (a jib-core dependency) is missing from the classpath", e);
    }
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "serialize":
        case "serializeWithType":
          ((JsonGenerator) args[0]).writeRawValue(json);
          return null;
        case "getSchemaVersion":
          return 2;
        case "getManifestMediaType":
          return mediaType;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "manifest " + Digest.of(bytes);
        default:
          throw new UnsupportedOperationException(method.getName());
      }
    };
    ManifestTemplate template = (ManifestTemplate) Proxy.newProxyInstance(
        loader, new Class<?>[] {ManifestTemplate.class, jsonSerializable}, handler);
    byte[] written;
    try {
      written = JsonTemplateMapper.toByteArray(template);
    } catch (IOException e) {
      throw new IllegalStateException("jib-core cannot serialise the manifest template", e);
    }
    if (!Arrays.equals(written, bytes)) {
      throw new IllegalStateException("jib-core's JSON mapper no longer writes our manifest bytes verbatim ("
          + written.length + " bytes instead of " + bytes.length + "): pushing would change the image digest;"
          + " the jib-core version is not supported");
    }
    return template;
  }

  /** A jib exception as a message that says what to fix, or as a retryable failure. */
  private Exception translateRaw(Exception e, String action) {
    String where = registry + "/" + repository;
    if (e instanceof RegistryUnauthorizedException) {
      int status = e.getCause() instanceof ResponseException r ? r.getStatusCode() : 401;
      if (status == 403) {
        return new BuildFailure(where + " denied the push (HTTP 403) to " + (credential == null
            ? "anonymous access: give credentials with push rights"
            : "the credentials from " + credential.source() + ": they are valid but may not push to " + repository));
      }
      return credential == null ? noCredentials(action) : new BuildFailure(registry + " rejected the credentials from "
          + credential.source() + " (HTTP 401 when trying to " + action + "): check the username and password");
    }
    if (e instanceof RegistryCredentialsNotSentException) {
      // jib says this even when there were no credentials to send: it only means "401 over HTTP".
      return credential == null ? noCredentials(action) : new BuildFailure(registry + " asks for credentials over plain"
          + " HTTP, and they are sent unencrypted only to registries named in <insecureRegistries>"
          + " (-Dbunny.insecureRegistries=" + registry + ")");
    }
    if (e instanceof RegistryAuthenticationFailedException) {
      return new BuildFailure("authentication with " + registry + " failed" + (credential == null ? "" : " (credentials"
          + " from " + credential.source() + ")") + ": " + message(e));
    }
    if (e instanceof InsecureRegistryException) {
      return new BuildFailure("cannot " + action + ": " + registry + " has no verifiable TLS; add it to"
          + " <insecureRegistries> (-Dbunny.insecureRegistries=" + registry + ") if that is intended");
    }
    ResponseException response = cause(e, ResponseException.class);
    if (response != null) {
      int status = response.getStatusCode();
      if (status >= 500 || status == 429 || status == 408) {
        return new TransientRegistryException(registry + " answered HTTP " + status + " when trying to " + action);
      }
      return new BuildFailure(registry + " answered HTTP " + status + " when trying to " + action + ": " + message(e));
    }
    if (e instanceof RegistryException) {
      if (e.getCause() instanceof IOException io && !(io instanceof SSLException)) {
        return new TransientRegistryException("cannot " + action + ": " + message(io));
      }
      return new BuildFailure(registry + " refused to " + action + ": " + message(e));
    }
    if (cause(e, UnknownHostException.class) != null || cause(e, SSLException.class) != null) {
      return connectFailure(e, 0);
    }
    // Refused, reset or dropped connections, timeouts, truncated answers: the registry may be
    // restarting or overloaded; worth a few more tries.
    return new TransientRegistryException("cannot " + action + ": " + registry + " dropped the connection ("
        + message(e) + ")");
  }

  private BuildFailure noCredentials(String action) {
    String pulling = pullReference;
    return new BuildFailure(registry + " requires credentials to " + action + " (HTTP 401), and none were found for "
        + registry + (pulling == null ? "" : " (or " + pulling + " does not exist: some registries answer 401 for"
        + " repositories they do not have)") + ". Give them in one of the ways listed under \"Pushing\" in the README: <auth> in the POM"
        + " (-Dbunny.auth.username/-Dbunny.auth.password, or BUNNY_REGISTRY_USERNAME/BUNNY_REGISTRY_PASSWORD),"
        + " a settings.xml <server> with <id>" + registry + "</id>, or `docker login " + registry + "`");
  }

  private BuildFailure translate(Exception e, String action) throws TransientRegistryException {
    Exception t = translateRaw(e, action);
    log.debug("registry call failed: " + redact(String.valueOf(e)));
    if (t instanceof TransientRegistryException tr) {
      throw tr;
    }
    return (BuildFailure) t;
  }

  private void onJibLog(LogEvent e) {
    String m = redact(e.getMessage());
    if (e.getLevel() == LogEvent.Level.WARN && m.startsWith(DIGEST_WARNING)) {
      digestWarning = m;
    }
    log.debug("jib: " + m);
  }

  private String redact(String text) {
    return credential == null ? text : credential.redact(text);
  }

  private String message(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return redact(m);
  }

  private static DescriptorDigest jibDigest(Digest digest) throws BuildFailure {
    try {
      return DescriptorDigest.fromDigest(digest.toString());
    } catch (DigestException e) {
      throw new BuildFailure("blob digest " + digest + " cannot be pushed: only sha256 digests are supported");
    }
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      http.shutDown();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the connections to " + registry + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "registry transport to " + registry + "/" + repository + (insecure ? " (insecure)" : "");
  }
}
