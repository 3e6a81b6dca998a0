package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bunny:push reads from the layout, and the layouts it refuses. */
class LayoutImageTest {

  @TempDir Path tmp;

  @Test
  void readsNamesBlobsAndTheExactManifest() throws Exception {
    TestLayouts.Written w = TestLayouts.write(tmp, 100, "r.io:5000/a/b:1", "r.io:5000/a/b:2", "other.io/c:3");
    LayoutImage image = LayoutImage.read(tmp);
    assertThat(image.manifestBytes()).isEqualTo(w.manifest());
    assertThat(image.manifestDigest()).isEqualTo(w.digest());
    assertThat(image.blobs()).extracting(LayoutImage.Blob::digest).containsExactlyElementsOf(w.blobs());
    assertThat(image.byRepository()).containsOnlyKeys("r.io:5000/a/b", "other.io/c");
    assertThat(image.byRepository().get("r.io:5000/a/b")).extracting(RegistryRef::tag).containsExactly("1", "2");
  }

  @Test
  void aChangedManifestIsRefused() throws Exception {
    TestLayouts.Written w = TestLayouts.write(tmp, 100, "r.io/a:1");
    Files.writeString(tmp.resolve(w.digest().blobPath()), "{}");
    BuildFailure e = assertThrows(BuildFailure.class, () -> LayoutImage.read(tmp));
    assertThat(e.getMessage()).contains("does not match its digest").contains("rebuild");
  }

  @Test
  void aMissingOrTruncatedBlobIsRefused() throws Exception {
    TestLayouts.Written w = TestLayouts.write(tmp, 100, "r.io/a:1");
    Files.write(tmp.resolve(w.blobs().get(1).blobPath()), new byte[5]);
    assertThat(assertThrows(BuildFailure.class, () -> LayoutImage.read(tmp)).getMessage())
        .contains("has 5 bytes but the manifest says 100");
    Files.delete(tmp.resolve(w.blobs().get(1).blobPath()));
    assertThat(assertThrows(BuildFailure.class, () -> LayoutImage.read(tmp)).getMessage()).contains("is missing");
  }

  @Test
  void aLayoutWithoutNamesIsRefused() throws Exception {
    TestLayouts.write(tmp, 100);
    assertThat(assertThrows(BuildFailure.class, () -> LayoutImage.read(tmp)).getMessage()).contains("lists no image");
  }
}
