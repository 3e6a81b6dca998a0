package dev.bunny.build;

import static dev.bunny.spec.TestSpec.scratch;
import static dev.bunny.spec.TestSpec.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.TestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint of a build: any change of input content, mode, tree, configuration or output rebuilds. */
class UpToDateCheckTest {

  private static final long TIMESTAMP = 1_767_225_600L;
  private static final ImageName NAME = ImageName.parse("example/hello:1.0", null);

  @TempDir Path tmp;

  private Path project;
  private Path out;
  private final UpToDateCheck check = new UpToDateCheck(BuildLog.SILENT, "1.0-test");

  @BeforeEach
  void writeProject() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    byte[] kernel = new byte[4096];
    System.arraycopy(TestSpec.elf(2, false, 62), 0, kernel, 0, 64);
    TestSpec.write(project.resolve("build/hello"), kernel);
    TestSpec.write(project.resolve("site/index.html"), "<h1>hello</h1>\n");
    TestSpec.write(project.resolve("site/css/app.css"), "h1 { color: red }\n");
    TestSpec.write(project.resolve("app.conf"), "port=8080\n");
    out = Files.createDirectories(tmp.resolve("out"));
  }

  private static TestSpec raw() {
    return spec().platform("linux", "qemu").kernel("build/hello").cmd("/bin/app")
        .rootfs(scratch(RootfsType.RAW, "site:/www", "app.conf:/etc/app.conf"));
  }

  private BuildRequest request(ImageSpec spec, long timestamp, Compression compression) {
    return new BuildRequest(spec, project, NAME, timestamp, compression,
        out.resolve("oci"), out.resolve("hello.tar"), out.resolve("hello.digest"));
  }

  private BuildRequest request(ImageSpec spec) {
    return request(spec, TIMESTAMP, Compression.GZIP);
  }

  /** What the build goal does: fingerprint the inputs, build, record. */
  private BuildResult buildAndRecord(BuildRequest req) throws Exception {
    UpToDateCheck.Inputs inputs = check.inputs(req).orElseThrow();
    check.forget(req);
    BuildResult result = new ImageBuilder(BuildLog.SILENT).build(req);
    check.record(req, inputs, result);
    return result;
  }

  private Optional<BuildResult> upToDate(BuildRequest req) throws Exception {
    Optional<UpToDateCheck.Inputs> inputs = check.inputs(req);
    assertThat(inputs).as("fingerprintable").isPresent();
    return check.upToDate(req, inputs.get());
  }

  @Test
  void unchangedInputsAndOutputsAreUpToDateWithTheRecordedDigest() throws Exception {
    BuildResult built = buildAndRecord(request(raw().build()));
    assertThat(UpToDateCheck.fingerprintFile(request(raw().build()))).isRegularFile().hasFileName("hello.fingerprint");

    Optional<BuildResult> current = upToDate(request(raw().build()));
    assertThat(current).isPresent();
    assertThat(current.get().manifestDigest()).isEqualTo(built.manifestDigest());
    assertThat(current.get().archiveSize()).isEqualTo(built.archiveSize());
    assertThat(current.get().references()).containsExactly("example/hello:1.0");
  }

  @Test
  void noFingerprintMeansBuild() throws Exception {
    new ImageBuilder(BuildLog.SILENT).build(request(raw().build()));
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void oneChangedByteOfAnIncludedFileRebuilds() throws Exception {
    buildAndRecord(request(raw().build()));
    Files.writeString(project.resolve("site/css/app.css"), "h1 { color: rod }\n"); // same size
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void aChangedKernelRebuilds() throws Exception {
    buildAndRecord(request(raw().build()));
    byte[] k = Files.readAllBytes(project.resolve("build/hello"));
    k[4000] = 1;
    Files.write(project.resolve("build/hello"), k);
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void aSameSizeChangeWithTheMtimePutBackIsStillSeenAfterTheStatCacheIsTrusted() throws Exception {
    Path css = project.resolve("site/css/app.css");
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(css, old);
    Thread.sleep(2100); // past the racy window: the recorded stat of every input is trusted
    buildAndRecord(request(raw().build()));
    assertThat(Files.readString(UpToDateCheck.fingerprintFile(request(raw().build()))))
        .as("stat keys recorded").containsPattern("app\\.css\\t[0-9a-f]{64}\\t\\d+:");
    assertThat(upToDate(request(raw().build()))).as("unchanged").isPresent();

    Files.writeString(css, "h1 { color: rod }\n");
    Files.setLastModifiedTime(css, old); // as cp -p or a checkout tool might leave it
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void touchingAFileWithoutChangingItKeepsItUpToDate() throws Exception {
    buildAndRecord(request(raw().build()));
    Files.setLastModifiedTime(project.resolve("app.conf"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(upToDate(request(raw().build()))).isPresent();
  }

  @Test
  void aChangedModeRebuilds() throws Exception {
    buildAndRecord(request(raw().build()));
    Files.setPosixFilePermissions(project.resolve("app.conf"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void aFileAddedToAnIncludedDirectoryRebuilds() throws Exception {
    buildAndRecord(request(raw().build()));
    TestSpec.write(project.resolve("site/css/new.css"), "");
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void anEmptyDirectoryAddedOrASymlinkRetargetedRebuilds() throws Exception {
    Files.createSymbolicLink(project.resolve("site/link"), Path.of("index.html"));
    buildAndRecord(request(raw().build()));
    Files.createDirectories(project.resolve("site/empty"));
    assertThat(upToDate(request(raw().build()))).isEmpty();
    buildAndRecord(request(raw().build()));
    Files.delete(project.resolve("site/link"));
    Files.createSymbolicLink(project.resolve("site/link"), Path.of("css/app.css"));
    assertThat(upToDate(request(raw().build()))).isEmpty();
  }

  @Test
  void aChangedConfigurationRebuilds() throws Exception {
    buildAndRecord(request(raw().build()));
    assertThat(upToDate(request(raw().cmd("/bin/app", "-v").build()))).as("cmd").isEmpty();
    assertThat(upToDate(request(raw().label("a", "b").build()))).as("label").isEmpty();
    assertThat(upToDate(request(raw().build(), TIMESTAMP + 1, Compression.GZIP))).as("timestamp").isEmpty();
    assertThat(upToDate(request(raw().build(), TIMESTAMP, Compression.ZSTD))).as("compression").isEmpty();
    BuildRequest renamed = new BuildRequest(raw().build(), project, ImageName.parse("example/hello:2.0", null), TIMESTAMP,
        Compression.GZIP, out.resolve("oci"), out.resolve("hello.tar"), out.resolve("hello.digest"));
    assertThat(upToDate(renamed)).as("image name").isEmpty();
    UpToDateCheck newerPlugin = new UpToDateCheck(BuildLog.SILENT, "1.1-test");
    assertThat(newerPlugin.upToDate(request(raw().build()), newerPlugin.inputs(request(raw().build())).orElseThrow()))
        .as("plugin version").isEmpty();
    assertThat(upToDate(request(raw().build()))).as("unchanged").isPresent();
  }

  @Test
  void changedOrMissingOutputsRebuild() throws Exception {
    BuildResult built = buildAndRecord(request(raw().build()));
    Files.writeString(out.resolve("hello.digest"), "sha256:" + "0".repeat(64) + "\n");
    assertThat(upToDate(request(raw().build()))).as("digest file").isEmpty();

    buildAndRecord(request(raw().build()));
    Files.delete(out.resolve("oci").resolve(built.manifestDigest().blobPath()));
    assertThat(upToDate(request(raw().build()))).as("a blob").isEmpty();

    buildAndRecord(request(raw().build()));
    Files.write(out.resolve("hello.tar"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    assertThat(upToDate(request(raw().build()))).as("archive").isEmpty();

    buildAndRecord(request(raw().build()));
    Files.delete(out.resolve("hello.tar"));
    assertThat(upToDate(request(raw().build()))).as("archive gone").isEmpty();
  }

  @Test
  void specsTakingAnythingFromAnImageAreNeverFingerprinted() throws Exception {
    ImageSpec fromImage = raw().kernel(new KernelSpec("harbor.example/kernels/linux:6.1", "/boot/vmlinuz", null)).build();
    assertThat(check.inputs(request(fromImage))).isEmpty();
    ImageSpec includeFromImage = raw().rootfs(new dev.bunny.spec.RootfsSpec("scratch", null, RootfsType.RAW,
        java.util.List.of(new FileInclude("harbor.example/app:1", "/etc/app.conf", "/etc/app.conf", "rootfs.includes[0]")),
        null, null)).build();
    assertThat(UpToDateCheck.nonLocalSource(includeFromImage)).contains("rootfs.includes[0]");
  }

  @Test
  void theSpecsWarningsComeWithTheInputsSoASkippedBuildStillShowsThem() throws Exception {
    ImageSpec rumprunRaw = spec().platform("rumprun", "hvt").kernel("build/hello").cmd("app")
        .rootfs(scratch(RootfsType.RAW, "site:/www")).build();
    assertThat(check.inputs(request(rumprunRaw)).orElseThrow().notes()).anySatisfy(n -> assertThat(n).contains("devmapper"));
  }

  @Test
  void aFailedBuildLeavesNoFingerprint() throws Exception {
    buildAndRecord(request(raw().build()));
    BuildRequest req = request(raw().build());
    check.forget(req);
    assertThat(UpToDateCheck.fingerprintFile(req)).doesNotExist();
    assertThat(upToDate(req)).isEmpty();
  }
}
