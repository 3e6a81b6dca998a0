package dev.bunny.run;

import dev.bunny.fs.AtomicFiles;
import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.urunc.UruncJson;
import dev.bunny.urunc.UruncKeys;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Boots an image locally under QEMU the way urunc would start it, reading only the image (its
 * {@code /urunc.json}, or its annotations, and its config): kernel, initrd, command line,
 * memory. The console is streamed line by line; the run ends when the guest powers off or the
 * timeout passes.
 */
public final class GuestRunner {

  /** urunc's default guest memory when the container has no limit. */
  public static final int DEFAULT_MEMORY_MIB = 256;

  /**
   * @param qemu the QEMU binary; null picks {@code qemu-system-<arch>} from PATH
   * @param consoleLog where the console is also written, or null
   */
  public record Options(Path layoutDir, String tag, String qemu, int memoryMiB, Duration timeout, Path consoleLog, Accel accel) {}

  /** QEMU accelerator: KVM when {@code /dev/kvm} is usable ({@code AUTO}), or forced. */
  public enum Accel {
    AUTO,
    KVM,
    TCG
  }

  /** How the run ended. */
  public record Outcome(boolean guestEnded, int exitCode, Duration elapsed, List<String> command) {}

  private final BuildLog log;

  public GuestRunner(BuildLog log) {
    this.log = log;
  }

  public Outcome run(Options o, Consumer<String> console) throws BuildFailure, IOException {
    OciLayoutReader.Image image;
    try {
      image = OciLayoutReader.read(o.layoutDir(), o.tag());
    } catch (IOException e) {
      throw new BuildFailure("cannot read the image in " + o.layoutDir() + ": " + e.getMessage() + "; run bunny:build first");
    }
    SortedMap<String, String> urunc = uruncKeys(o.layoutDir(), image);
    String monitor = urunc.getOrDefault(UruncKeys.HYPERVISOR, "");
    if (!"qemu".equals(monitor)) {
      boolean solo5 = monitor.equals("hvt") || monitor.equals("spt");
      throw new BuildFailure("bunny:run boots images for the qemu monitor; this image is for '" + monitor + "'"
          + (solo5 ? ": it needs solo5-" + monitor + " and urunc, run it there"
              : "; run it with urunc, or build it for qemu (-Dbunny.platform.monitor=qemu)"));
    }
    if ("true".equals(urunc.get(UruncKeys.MOUNT_ROOTFS)) || urunc.containsKey(UruncKeys.BLOCK)) {
      throw new BuildFailure("bunny:run boots initrd and rootfs-less images; this image hands its rootfs to the guest "
          + "as a block device or shared filesystem, which needs urunc");
    }
    ImageProcess process = ImageProcess.fromConfig(image.configJson());
    List<String> args = process.args();
    if (args.isEmpty() && urunc.get(UruncKeys.CMDLINE) != null && !urunc.get(UruncKeys.CMDLINE).isBlank()) {
      args = List.of(urunc.get(UruncKeys.CMDLINE).trim().split("\\s+"));
    }
    String arch = image.platform().architecture();
    String qemu = o.qemu() != null ? o.qemu() : "arm64".equals(arch) ? "qemu-system-aarch64" : "qemu-system-x86_64";
    String qemuPath = onPath(qemu).orElseThrow(() -> new BuildFailure(qemu + " was not found; install QEMU (Debian: "
        + ("arm64".equals(arch) ? "qemu-system-arm" : "qemu-system-x86") + ") or name the binary with -Dbunny.run.qemu"));

    Path work = Files.createTempDirectory("bunny-run");
    try {
      Path kernel = work.resolve("kernel");
      String binary = urunc.get(UruncKeys.BINARY);
      if (binary == null || !ImageFiles.extract(o.layoutDir(), image, binary, kernel)) {
        throw new BuildFailure("the image names its kernel " + binary + " but holds no such file");
      }
      Path initrd = null;
      String initrdPath = urunc.get(UruncKeys.INITRD);
      if (initrdPath != null && !initrdPath.isBlank()) {
        initrd = work.resolve("initrd");
        if (!ImageFiles.extract(o.layoutDir(), image, initrdPath, initrd)) {
          throw new BuildFailure("the image names its initrd " + initrdPath + " but holds no such file");
        }
      }
      boolean kvm = o.accel() == Accel.KVM
          || (o.accel() == Accel.AUTO && Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm")));
      List<String> command = command(qemuPath, arch, kvm, o.memoryMiB(), kernel, initrd,
          GuestCommandLine.of(urunc, args, process.env(), initrd != null));
      log.info("Booting " + String.join(", ", image.refNames()) + " " + image.manifestDigest() + " under QEMU");
      log.debug(String.join(" ", command));
      return launch(command, o, console);
    } finally {
      AtomicFiles.deleteQuietly(work);
    }
  }

  private static SortedMap<String, String> uruncKeys(Path layoutDir, OciLayoutReader.Image image) throws BuildFailure, IOException {
    Optional<byte[]> json = OciLayoutReader.readFile(layoutDir, image, UruncKeys.URUNC_JSON_PATH);
    SortedMap<String, String> keys = new TreeMap<>();
    if (json.isPresent()) {
      try {
        keys.putAll(UruncJson.decode(json.get()));
      } catch (IOException e) {
        throw new BuildFailure("the image's /urunc.json is not valid: " + e.getMessage());
      }
    } else {
      image.annotations().forEach((k, v) -> {
        if (UruncKeys.isUruncKey(k)) {
          keys.put(k, v);
        }
      });
    }
    if (!keys.containsKey(UruncKeys.BINARY)) {
      throw new BuildFailure("the image carries no urunc configuration (no /urunc.json, no annotations): urunc would not run it");
    }
    return keys;
  }

  /** QEMU's default CPU model, not {@code -cpu host}: host passthrough fails under some nested KVM setups. */
  private static List<String> command(String qemu, String arch, boolean kvm, int memory, Path kernel, Path initrd, String append) {
    List<String> c = new ArrayList<>(List.of(qemu));
    if ("arm64".equals(arch)) {
      c.addAll(List.of("-machine", "virt", "-cpu", kvm ? "host" : "cortex-a57"));
    } else {
      c.addAll(List.of("-machine", "pc"));
    }
    c.addAll(List.of("-accel", kvm ? "kvm" : "tcg", "-m", memory + "M", "-no-reboot", "-display", "none",
        "-serial", "stdio", "-monitor", "none", "-kernel", kernel.toString()));
    if (initrd != null) {
      c.addAll(List.of("-initrd", initrd.toString()));
    }
    c.addAll(List.of("-append", append));
    return c;
  }

  private Outcome launch(List<String> command, Options o, Consumer<String> console) throws IOException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    BufferedWriter file = o.consoleLog() == null ? null : Files.newBufferedWriter(o.consoleLog(), StandardCharsets.UTF_8);
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String clean = line.replace("\r", "");
          console.accept(clean);
          if (file != null) {
            file.write(clean);
            file.newLine();
          }
        }
      } catch (IOException ignored) {
        // the process was stopped; the console ends here
      }
    }, "bunny-run-console");
    pump.setDaemon(true);
    pump.start();
    try {
      boolean ended = p.waitFor(o.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      pump.join(5000);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Outcome(ended, ended ? p.exitValue() : -1, elapsed, command);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the guest ran", e);
    } finally {
      if (file != null) {
        file.close();
      }
    }
  }

  private static Optional<String> onPath(String binary) {
    if (binary.contains("/")) {
      return Files.isExecutable(Path.of(binary)) ? Optional.of(binary) : Optional.empty();
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return Optional.of(Path.of(dir, binary).toString());
      }
    }
    return Optional.empty();
  }

}
