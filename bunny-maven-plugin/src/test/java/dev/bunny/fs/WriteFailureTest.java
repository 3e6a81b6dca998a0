package dev.bunny.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFailureTest {

  private static final Path SHOWN = Path.of("/out/image.tar");

  /** /dev/full fails every write with ENOSPC, as a full disk does. */
  @Test
  void aFullDeviceFailsWithTheFileNamed() throws Exception {
    Path devFull = Path.of("/dev/full");
    assumeTrue(Files.isWritable(devFull), "no /dev/full here");
    try (OutputStream out = WriteFailure.naming(SHOWN, Files.newOutputStream(devFull))) {
      assertThatThrownBy(() -> out.write(new byte[] {1, 2, 3}, 0, 3))
          .isInstanceOf(WriteFailure.class)
          .hasMessage("cannot write /out/image.tar: No space left on device")
          .cause().isInstanceOf(IOException.class).hasMessage("No space left on device");
      assertThatThrownBy(() -> out.write(4)).isInstanceOf(WriteFailure.class);
    }
  }

  @Test
  void failuresThatNameAFileAlreadyPassUnchanged() {
    IOException noFile = new NoSuchFileException("/in/kernel");
    assertThat(WriteFailure.of(SHOWN, noFile)).isSameAs(noFile);
    IOException named = WriteFailure.of(SHOWN, new IOException("Disk quota exceeded"));
    assertThat(named).hasMessage("cannot write /out/image.tar: Disk quota exceeded");
    assertThat(WriteFailure.of(Path.of("/elsewhere"), named)).isSameAs(named);
  }

  /** Outputs are written under a temporary name first; the message names the output itself. */
  @Test
  void aTemporarySiblingIsNamedAsItsOutput(@TempDir Path tmp) throws Exception {
    Path archive = tmp.resolve("image.tar");
    assertThat(WriteFailure.of(AtomicFiles.sibling(archive), new IOException("No space left on device")))
        .hasMessage("cannot write " + archive + ": No space left on device");
    Path notOurs = tmp.resolve(".image.tar.tmp-1");
    assertThat(WriteFailure.of(notOurs, new IOException("x"))).hasMessage("cannot write " + notOurs + ": x");
    Path layer = AtomicFiles.sibling(tmp.resolve("oci")).resolve("rootfs.layer");
    assertThat(WriteFailure.of(layer, new IOException("x"))).hasMessage("cannot write " + layer + ": x");
  }

  @Test
  void bytesPassThroughUntouched() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = WriteFailure.naming(SHOWN, sink)) {
      out.write(7);
      out.write(new byte[] {1, 2, 3, 4}, 1, 2);
      out.flush();
    }
    assertThat(sink.toByteArray()).containsExactly(7, 2, 3);
  }
}
