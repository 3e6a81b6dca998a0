package dev.bunny.build;

import static dev.bunny.spec.TestSpec.scratch;
import static dev.bunny.spec.TestSpec.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bunny.cpio.InitrdFile;
import dev.bunny.fs.FileTreeBuilder;
import dev.bunny.fs.WriteFailure;
import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.TestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a 1 MiB tmpfs as the output directory. The failure names the output that
 * could not be written and nothing is left behind. Needs the right to mount (root, as in CI);
 * skipped without it.
 */
class FullDiskTest {

  @TempDir Path tmp;

  private Path project;
  private Path full;
  private boolean mounted;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    full = Files.createDirectories(tmp.resolve("full"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", full.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
    project = Files.createDirectories(tmp.resolve("project"));
    TestSpec.write(project.resolve("build/hello"), TestSpec.elf(2, false, 62));
    byte[] noise = new byte[3 << 20]; // incompressible, three times the room there is
    new Random(7).nextBytes(noise);
    TestSpec.write(project.resolve("rootfs/data.bin"), noise);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", full.toString());
    }
  }

  @Test
  void aBuildNamesTheOutputItCouldNotWriteAndLeavesNothing() throws Exception {
    BuildRequest req = new BuildRequest(spec().kernel("build/hello").rootfs(scratch(RootfsType.RAW, "rootfs:/")).build(),
        project, ImageName.parse("example/full:1", null), 0, Compression.GZIP,
        full.resolve("oci"), full.resolve("image.tar"), full.resolve("image.digest"));

    // The layer file (in the build's work directory) and the archive fill up side by side; either
    // may be the one that fails, and the archive is named as the output, not its temporary name.
    assertThatThrownBy(() -> new ImageBuilder(BuildLog.SILENT).build(req))
        .isInstanceOf(WriteFailure.class)
        .hasMessageMatching("cannot write " + Pattern.quote(full.toString())
            + "/(image\\.tar|\\.oci\\.tmp-[0-9a-f-]{36}/rootfs-files\\.layer): No space left on device");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void anInitrdNamesItsFileAndLeavesNothing() throws Exception {
    Path target = full.resolve("initrd.cpio");
    assertThatThrownBy(() -> InitrdFile.write(new FileTreeBuilder().add(project.resolve("rootfs"), "/", "test").build(),
        0, target))
        .isInstanceOf(WriteFailure.class)
        .hasMessage("cannot write " + target + ": No space left on device");
    assertThat(leftovers()).isEmpty();
  }

  private String[] leftovers() throws Exception {
    try (Stream<Path> files = Files.list(full)) {
      return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }

  private static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
