package dev.bunny.cpio;

import dev.bunny.fs.FileTree;
import dev.bunny.fs.FileTreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link InitrdFile#write} on a real directory. Not a unit test (the name does not end in
 * Test, so surefire ignores it); {@code bench/initrd.sh} runs it.
 *
 * <pre>
 * java -cp ... dev.bunny.cpio.NewcWriterBenchmark &lt;dir&gt; [runs=5] [warmups=1] [out=target/bench/newc.cpio]
 * </pre>
 *
 * Each run builds the {@link FileTree} from {@code dir} (as {@code find} does for the cpio tools)
 * and writes the initrd; warm-up runs do the same, untimed. Before each run, untimed, the previous archive is deleted and {@code sync}
 * flushes dirty pages. The last line is machine-readable:
 * {@code RESULT median_s=… median_write_s=… mb_per_s=… bytes=… entries=…}.
 */
public final class NewcWriterBenchmark {

  private static final long MTIME = 1_700_000_000L;

  private NewcWriterBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: NewcWriterBenchmark <dir> [runs=5] [warmups=1] [out=target/bench/newc.cpio]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path out = Path.of(args.length > 3 ? args[3] : "target/bench/newc.cpio");
    if (out.toAbsolutePath().startsWith(dir.toAbsolutePath())) {
      throw new IllegalArgumentException("the output " + out + " must not be inside the tree " + dir);
    }

    double[] total = new double[runs];
    double[] writeOnly = new double[runs];
    long bytes = 0;
    int entries = 0;
    for (int i = -warmups; i < runs; i++) {
      settle(out);
      long t0 = System.nanoTime();
      FileTree tree = new FileTreeBuilder().add(dir, "/", "bench").build();
      long t1 = System.nanoTime();
      InitrdFile.write(tree, MTIME, out); // warm-ups too: the JDK's file-output path needs JIT warming as well
      long t2 = System.nanoTime();
      bytes = Files.size(out);
      entries = tree.entries().size();
      String label = i < 0 ? "warmup" : "run " + (i + 1);
      System.out.printf(Locale.ROOT, "%-8s build %6.3f s  write %6.3f s  total %6.3f s%n",
          label, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
      if (i >= 0) {
        total[i] = (t2 - t0) / 1e9;
        writeOnly[i] = (t2 - t1) / 1e9;
      }
    }
    double median = median(total);
    System.out.printf(Locale.ROOT, "%d entries, %.1f MB archive, median %.3f s (write only %.3f s), %.0f MB/s, max heap %d MiB%n",
        entries, bytes / 1e6, median, median(writeOnly), bytes / 1e6 / median, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "RESULT median_s=%.4f median_write_s=%.4f mb_per_s=%.1f bytes=%d entries=%d%n",
        median, median(writeOnly), bytes / 1e6 / median, bytes, entries);
  }

  /**
   * Untimed: removes the previous archive and flushes dirty pages, so every run (and every tool in
   * bench/initrd.sh, which does the same) starts from the same state instead of paying for the
   * writeback or the freeing of the previous run's gigabyte.
   */
  private static void settle(Path out) throws Exception {
    Files.deleteIfExists(out);
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (java.io.IOException noSync) {
      // not on this system: runs are just noisier
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
