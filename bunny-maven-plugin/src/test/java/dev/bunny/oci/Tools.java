package dev.bunny.oci;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real tools the tests cross-check with; a test is skipped where a tool is absent. */
final class Tools {

  static final String SKOPEO = "/usr/bin/skopeo";
  static final String UMOCI = "/usr/bin/umoci";
  static final String BSDTAR = "/usr/bin/bsdtar";
  static final String GNU_TAR = "/usr/bin/tar";

  /** A finished process: exit code, stdout bytes, stderr text. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out() + "\nstderr: " + stderr;
    }
  }

  private Tools() {}

  static void assumeTool(String path) {
    assumeTrue(Files.isExecutable(Path.of(path)), path + " is not installed");
  }

  /** Runs {@code command} in {@code dir} with TMPDIR and HOME inside {@code dir}, so tools leave nothing behind. */
  static Result run(Path dir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Path home = Files.createDirectories(dir.resolve(".tool-home"));
    Map<String, String> env = pb.environment();
    env.put("TMPDIR", home.toString());
    env.put("HOME", home.toString());
    env.put("TZ", "UTC"); // so listings print entry times as stored
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), stdout.get(), new String(stderr.get(), StandardCharsets.UTF_8));
  }

  static Result run(Path dir, String... command) throws Exception {
    return run(dir, List.of(command));
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
