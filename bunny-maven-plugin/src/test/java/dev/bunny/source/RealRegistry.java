package dev.bunny.source;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (CNCF distribution 2.8) on a free loopback port in 5711-5719, storage
 * in a test directory, as the push ITs start it (src/it/lib/checks.groovy). It runs under {@code
 * timeout 300} and a shutdown hook too, so a failed test never leaves it running.
 */
final class RealRegistry implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final Path log;
  final int port;

  /**
   * @param htpasswdLine a {@code user:bcrypt} line for basic auth, or null for open access
   */
  RealRegistry(Path dir, String htpasswdLine) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    this.port = freePort();
    List<String> config = new ArrayList<>(List.of(
        "version: 0.1",
        "log:",
        "  level: info",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + dir.resolve("storage").toAbsolutePath(),
        "http:",
        "  addr: 127.0.0.1:" + port));
    if (htpasswdLine != null) {
      Path htpasswd = dir.resolve("htpasswd");
      Files.writeString(htpasswd, htpasswdLine.trim() + "\n");
      config.addAll(List.of("auth:", "  htpasswd:", "    realm: bunny-test", "    path: " + htpasswd.toAbsolutePath()));
    }
    Path configFile = dir.resolve("config.yml");
    Files.write(configFile, config, StandardCharsets.UTF_8);
    this.log = dir.resolve("registry.log");
    process = new ProcessBuilder("timeout", "300", BINARY.toString(), "serve", configFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        if (Files.readString(log).contains("listening on")) {
          break;
        }
      } catch (ConnectException notYet) {
        // starting
      }
      if (System.currentTimeMillis() > deadline) {
        close();
        throw new IOException("docker-registry did not listen on 127.0.0.1:" + port + " within 20 s");
      }
      Thread.sleep(50);
    }
  }

  /** A port in 5711-5719 nothing listens on (the push ITs use 5701-5706). */
  private static int freePort() throws IOException {
    for (int p = 5711; p <= 5719; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
        return p;
      } catch (IOException inUse) {
        // next
      }
    }
    throw new IOException("no free port in 127.0.0.1:5711-5719 for docker-registry");
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** The registry's request lines ("GET /v2/... HTTP/1.1"), in order. */
  List<String> requests() throws IOException {
    List<String> lines = new ArrayList<>();
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("\"((?:GET|HEAD|PUT|POST|PATCH) /v2/[^ \"]* HTTP/1\\.1)\"");
    for (String line : Files.readAllLines(log)) {
      java.util.regex.Matcher m = p.matcher(line);
      if (m.find()) {
        lines.add(m.group(1));
      }
    }
    return lines;
  }

  /** Runs a command, failing with its output when it fails. */
  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
