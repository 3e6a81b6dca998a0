package dev.bunny.build;

import static dev.bunny.spec.TestSpec.scratch;
import static dev.bunny.spec.TestSpec.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.fs.TreeException;
import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecProblem;
import dev.bunny.spec.TestSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole builds in-process: spec in, OCI layout + OCI archive + digest file out, all or nothing. */
class ImageBuilderTest {

  private static final long TIMESTAMP = 1_767_225_600L;
  private static final ImageName NAME = ImageName.parse("example/hello:1.0", null);

  @TempDir Path tmp;

  private Path project;
  private Path out;

  @BeforeEach
  void writeProject() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    byte[] kernel = new byte[8192];
    System.arraycopy(TestSpec.elf(2, false, 62), 0, kernel, 0, 64);
    for (int i = 64; i < kernel.length; i++) {
      kernel[i] = (byte) (i * 31);
    }
    TestSpec.write(project.resolve("build/hello"), kernel);
    TestSpec.write(project.resolve("site/index.html"), "<h1>hello</h1>\n");
    TestSpec.write(project.resolve("site/css/app.css"), "h1 { color: red }\n");
    TestSpec.write(project.resolve("app.conf"), "port=8080\n");
    out = Files.createDirectories(tmp.resolve("out"));
  }

  /** unikraft on qemu, initrd built from two includes. */
  private static TestSpec helloSpec() {
    return spec().kernel("build/hello").cmd("-c", "/etc/app.conf")
        .rootfs(scratch(null, "site:/www", "app.conf:/etc/app.conf"));
  }

  private BuildRequest request(ImageSpec spec, Path outDir) {
    return new BuildRequest(spec, project, NAME, TIMESTAMP, Compression.GZIP,
        outDir.resolve("oci"), outDir.resolve("hello.tar"), outDir.resolve("hello.digest"));
  }

  private BuildResult build(ImageSpec spec, Path outDir) throws Exception {
    return new ImageBuilder(BuildLog.SILENT).build(request(spec, outDir));
  }

  /** Every file below {@code root} (hidden ones included) with the sha256 of its content. */
  private static SortedMap<String, String> snapshot(Path root) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        files.put(Files.isDirectory(p) ? rel + "/" : rel, Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Test
  void theDigestFileNamesTheManifestInTheLayoutIndex() throws Exception {
    BuildResult result = build(helloSpec().build(), out);

    String digestFile = Files.readString(out.resolve("hello.digest"));
    assertThat(digestFile).matches("sha256:[0-9a-f]{64}\n").isEqualTo(result.manifestDigest() + "\n");
    assertThat(OciLayoutReader.read(out.resolve("oci"), "1.0").manifestDigest()).isEqualTo(result.manifestDigest());
    assertThat(Files.readString(out.resolve("oci/index.json")))
        .contains("\"digest\":\"" + digestFile.trim() + "\"");
    assertThat(out.resolve("oci/" + result.manifestDigest().blobPath())).isRegularFile();
  }

  @Test
  void theArchiveIsWritten() throws Exception {
    BuildResult result = build(helloSpec().build(), out);

    assertThat(out.resolve("hello.tar")).isRegularFile();
    assertThat(result.archiveFile()).isEqualTo(out.resolve("hello.tar"));
    assertThat(result.archiveSize()).isEqualTo(Files.size(out.resolve("hello.tar"))).isGreaterThan(1024);
    assertThat(result.references()).containsExactly("example/hello:1.0");
    assertThat(names(out)).containsExactly("hello.digest", "hello.tar", "oci");
  }

  @Test
  void buildingTwiceGivesIdenticalBytes() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first"));
    Path second = Files.createDirectories(tmp.resolve("second"));

    build(helloSpec().build(), first);
    build(helloSpec().build(), second);

    assertThat(snapshot(second)).isEqualTo(snapshot(first));
    assertThat(Files.readAllBytes(second.resolve("hello.tar"))).isEqualTo(Files.readAllBytes(first.resolve("hello.tar")));
  }

  @Test
  void rebuildingInPlaceReplacesTheOutputsWithIdenticalOnesAndLeavesNoTemporaries() throws Exception {
    build(helloSpec().build(), out);
    SortedMap<String, String> before = snapshot(out);

    build(helloSpec().build(), out);

    assertThat(snapshot(out)).isEqualTo(before);
    assertThat(before.keySet()).noneMatch(p -> p.startsWith(".") || p.contains("/."));
  }

  @Test
  void aDifferentSpecGivesADifferentDigest() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));

    BuildResult a = build(helloSpec().build(), out);
    BuildResult b = build(helloSpec().cmd("-c", "/etc/other.conf").build(), other);

    assertThat(b.manifestDigest()).isNotEqualTo(a.manifestDigest());
  }

  @Test
  void theReportShowsTheDecodedUruncJsonAndThatTheThreeCopiesAgree() throws Exception {
    BuildResult result = build(helloSpec().label("team", "edge").annotation("note", "hi").build(), out);

    List<String> report = ImageReport.describe(out.resolve("oci"), "1.0");

    assertThat(report.get(0)).isEqualTo("Image tagged 1.0, manifest " + result.manifestDigest());
    assertThat(report).contains("  platform: linux/amd64", "    team = edge", "    note = hi");
    int json = report.indexOf("  /urunc.json (decoded):");
    assertThat(json).isPositive();
    assertThat(report.subList(json + 1, report.size())).containsExactly(
        "    com.urunc.unikernel.binary = /.boot/kernel",
        "    com.urunc.unikernel.cmdline = -c /etc/app.conf",
        "    com.urunc.unikernel.hypervisor = qemu",
        "    com.urunc.unikernel.initrd = /.boot/rootfs",
        "    com.urunc.unikernel.mountRootfs = false",
        "    com.urunc.unikernel.unikernelType = unikraft",
        "    com.urunc.unikernel.useDMBlock = false",
        "  urunc keys in labels, annotations and /urunc.json: consistent");
  }

  @Test
  void theReportCallsAnImageWithLabelsInUruncJsonConsistent() throws Exception {
    build(helloSpec().labelsInUruncJson().label("team", "edge").build(), out);

    List<String> report = ImageReport.describe(out.resolve("oci"), "1.0");

    assertThat(report).contains("    team = edge");
    assertThat(report.get(report.size() - 1))
        .isEqualTo("  urunc keys in labels, annotations and /urunc.json: consistent");
  }

  @Test
  void theReportDecodesUruncJsonAsUruncDoesAndNamesWhatIsNotBase64() throws Exception {
    assertThat(ImageReport.decode("{\"com.urunc.unikernel.hypervisor\":\"ZmlyZWNyYWNrZXI=\",\"e\":\"\","
        + "\"plain\":\"not base64!\"}")).containsExactly(
            Map.entry("com.urunc.unikernel.hypervisor", "firecracker"),
            Map.entry("e", ""),
            Map.entry("plain", "(not base64: urunc would decode garbage)"));
    assertThatThrownBy(() -> ImageReport.decode("[1]")).isInstanceOf(BuildFailure.class)
        .hasMessage("/urunc.json is not valid: urunc.json is not a JSON object");
    assertThatThrownBy(() -> ImageReport.decode("{\"n\":null}")).isInstanceOf(BuildFailure.class)
        .hasMessage("/urunc.json is not valid: urunc.json value of n is not a string");
  }

  @Test
  void theImageCarriesTheKernelTheInitrdAndUruncJson() throws Exception {
    build(helloSpec().build(), out);
    Path layout = out.resolve("oci");

    assertThat(OciLayoutReader.readFile(layout, "/.boot/kernel"))
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(readUnchecked(project.resolve("build/hello"))));
    assertThat(OciLayoutReader.readFile(layout, "/.boot/rootfs"))
        .hasValueSatisfying(cpio -> assertThat(new String(cpio, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("070701"));
    assertThat(OciLayoutReader.readFile(layout, "/urunc.json")).isPresent();
    assertThat(OciLayoutReader.readFile(layout, "/www/index.html")).as("includes go into the initrd, not the image").isEmpty();
  }

  // --- failures ---------------------------------------------------------------------------------

  @Test
  void aRawIncludeOnTheKernelPathFailsAndLeavesNothingBehind() throws Exception {
    ImageSpec clash = spec().platform("linux", "qemu").kernel("build/hello").cmd("/init")
        .rootfs(scratch(null, "app.conf:/.boot/kernel")).build();

    TreeException e = assertThrows(TreeException.class, () -> build(clash, out));

    assertThat(e.getMessage()).isEqualTo("/.boot/kernel (from rootfs.includes[0] app.conf:/.boot/kernel) collides with "
        + "/.boot/kernel (the kernel); move the included file elsewhere or change the kernel/rootfs target");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void anInitrdIncludeOnTheKernelPathStaysInsideTheInitrd() throws Exception {
    build(helloSpec().rootfs(scratch(null, "app.conf:/.boot/kernel")).build(), out);

    assertThat(OciLayoutReader.readFile(out.resolve("oci"), "/.boot/kernel"))
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(readUnchecked(project.resolve("build/hello"))));
  }

  @Test
  void anExtraFileOnUruncJsonFails() throws Exception {
    ImageSpec clash = helloSpec().files("app.conf:/urunc.json").build();

    TreeException e = assertThrows(TreeException.class, () -> build(clash, out));

    assertThat(e.getMessage()).isEqualTo("/urunc.json (from files[0] app.conf:/urunc.json) collides with /urunc.json "
        + "(urunc.json); move the included file elsewhere or change the kernel/rootfs target");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void anExtraFileBelowTheKernelPathFails() throws Exception {
    ImageSpec clash = helloSpec().files("site:/.boot/kernel").build();

    TreeException e = assertThrows(TreeException.class, () -> build(clash, out));

    assertThat(e.getMessage()).startsWith("/.boot/kernel (from files[0] site:/.boot/kernel) collides with /.boot/kernel "
        + "(the kernel); /.boot/kernel/css (from files[0] site:/.boot/kernel) collides with /.boot/kernel (the kernel); ");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void theKernelAndTheRootfsFileCannotShareAPath() throws Exception {
    ImageSpec clash = helloSpec().kernelTarget("/.boot/rootfs").build();

    TreeException e = assertThrows(TreeException.class, () -> build(clash, out));

    assertThat(e.getMessage())
        .isEqualTo("the initrd rootfs file and the kernel both want /.boot/rootfs; give them different paths in the image");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void aMissingIncludeSourceFailsWithTheSpecProblemAndLeavesNothingBehind() throws Exception {
    ImageSpec missing = helloSpec().rootfs(scratch(null, "site:/www", "nope.conf:/etc/app.conf")).build();

    SpecException e = assertThrows(SpecException.class, () -> build(missing, out));

    assertThat(e.problems()).containsExactly(new SpecProblem("rootfs.includes[1]",
        "source '" + project.resolve("nope.conf") + "' does not exist", "paths are relative to the project directory"));
    assertThat(e.getMessage()).isEqualTo("1 problem in test spec:\n  - rootfs.includes[1]: source '"
        + project.resolve("nope.conf") + "' does not exist (paths are relative to the project directory)");
    assertThat(names(out)).isEmpty();
  }

  @Test
  void aFailedBuildAfterAGoodOneLeavesTheGoodOutputsByteIdentical() throws Exception {
    build(helloSpec().build(), out);
    SortedMap<String, String> good = snapshot(out);

    assertThrows(SpecException.class,
        () -> build(helloSpec().rootfs(scratch(null, "missing:/x")).build(), out));
    assertThrows(TreeException.class,
        () -> build(helloSpec().files("app.conf:/urunc.json").build(), out));

    assertThat(snapshot(out)).isEqualTo(good);
  }

  @Test
  void aBuildThatFailsWhileCommittingLeavesNoPartialOutputs() throws Exception {
    Path archiveInTheWay = Files.createDirectories(out.resolve("hello.tar"));
    TestSpec.write(archiveInTheWay.resolve("keep"), "someone else's file");

    Exception e = assertThrows(Exception.class, () -> build(helloSpec().build(), out));

    assertThat(e).hasMessageContaining(out.resolve("hello.tar").toString());
    assertThat(names(out)).containsExactly("hello.tar");
    assertThat(archiveInTheWay.resolve("keep")).hasContent("someone else's file");
  }

  @Test
  void aBuildThatFailsWhileCommittingLeavesThePreviousLayoutAndDigestTogether() throws Exception {
    build(helloSpec().build(), out);
    SortedMap<String, String> layoutBefore = snapshot(out.resolve("oci"));
    String digestBefore = Files.readString(out.resolve("hello.digest"));
    Files.delete(out.resolve("hello.tar"));
    TestSpec.write(out.resolve("hello.tar/keep"), "in the way");

    assertThrows(Exception.class, () -> build(helloSpec().cmd("-c", "/etc/other.conf").build(), out));

    assertThat(snapshot(out.resolve("oci"))).isEqualTo(layoutBefore);
    assertThat(out.resolve("hello.digest")).hasContent(digestBefore.trim());
    assertThat(names(out)).containsExactly("hello.digest", "hello.tar", "oci");
  }

  private static byte[] readUnchecked(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
