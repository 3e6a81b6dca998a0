package dev.bunny.build;

import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.spec.FieldNamer;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.Platform;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times a whole image build ({@link ImageBuilder#build}: tree walk, layers compressed and digested,
 * config, manifest, OCI layout, OCI archive, digest file) of a directory as a raw rootfs. Not a
 * unit test (the name does not end in Test, so surefire ignores it); {@code bench/image.sh} runs it.
 *
 * <pre>
 * java -cp ... dev.bunny.build.ImageBuildBenchmark &lt;dir&gt; &lt;kernel&gt; &lt;outDir&gt; [runs=5] [warmups=1] [gzip|zstd|none]
 * </pre>
 *
 * Before each run, untimed, the previous outputs are deleted and {@code sync} flushes dirty pages.
 * Each run also reports the CPU time the whole process used during it (every thread: ours, the
 * compressor's native workers, JIT compiler and GC), the figure that says whether two cores were
 * kept busy or work was added. The last line is machine-readable:
 * {@code RESULT median_s=… median_cpu_s=… archive_bytes=… digest=…}.
 */
public final class ImageBuildBenchmark {

  private static final long TIMESTAMP = 1_700_000_000L;

  private ImageBuildBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ImageBuildBenchmark <dir> <kernel> <outDir> [runs=5] [warmups=1] [gzip|zstd|none]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path kernel = Path.of(args[1]).toAbsolutePath();
    Path out = Path.of(args[2]).toAbsolutePath();
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Compression compression = Compression.valueOf((args.length > 5 ? args[5] : "gzip").toUpperCase(Locale.ROOT));
    if (out.startsWith(dir)) {
      throw new IllegalArgumentException("the output " + out + " must not be inside the tree " + dir);
    }
    ImageSpec spec = new ImageSpec("benchmark", FieldNamer.PLAIN, new Platform("linux", "qemu", null, "amd64"),
        new KernelSpec(FileInclude.LOCAL, kernel.toString(), null),
        new RootfsSpec(RootfsSpec.SCRATCH, null, RootfsType.RAW,
            List.of(new FileInclude(FileInclude.LOCAL, dir + "/", "/", "rootfs.includes[0]")), null, null),
        List.of(), List.of("/bin/app"), List.of(), null, null, List.of());
    BuildRequest req = new BuildRequest(spec, out, ImageName.parse("bench/image:1", null), TIMESTAMP, compression,
        out.resolve("oci-layout"), out.resolve("image-oci.tar"), out.resolve("image.digest"));

    double[] total = new double[runs];
    double[] cpu = new double[runs];
    BuildResult result = null;
    for (int i = -warmups; i < runs; i++) {
      settle(out);
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      result = new ImageBuilder(BuildLog.SILENT).build(req);
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      System.out.printf(Locale.ROOT, "%-8s %6.3f s (CPU %.3f s)%n", i < 0 ? "warmup" : "run " + (i + 1), (t1 - t0) / 1e9,
          (c1 - c0) / 1e9);
      if (i >= 0) {
        total[i] = (t1 - t0) / 1e9;
        cpu[i] = (c1 - c0) / 1e9;
      }
    }
    double median = median(total);
    System.out.printf(Locale.ROOT, "%s, %.1f MB archive, median %.3f s, max heap %d MiB%n", result.manifestDigest(),
        result.archiveSize() / 1e6, median, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "RESULT median_s=%.4f median_cpu_s=%.4f archive_bytes=%d digest=%s%n", median,
        median(cpu), result.archiveSize(), result.manifestDigest());
  }

  /** User and system time of the whole process, all threads, as the OS counts it. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Untimed: removes the previous outputs and flushes dirty pages. */
  private static void settle(Path out) throws Exception {
    if (Files.exists(out)) {
      dev.bunny.fs.AtomicFiles.deleteRecursively(out);
    }
    Files.createDirectories(out);
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (java.io.IOException noSync) {
      // not on this system: runs are just noisier
    }
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
