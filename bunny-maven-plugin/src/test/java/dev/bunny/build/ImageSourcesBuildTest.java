package dev.bunny.build;

import static dev.bunny.spec.TestSpec.rootfs;
import static dev.bunny.spec.TestSpec.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.cpio.NewcWriter;
import dev.bunny.oci.Compression;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.ImageName;
import dev.bunny.oci.OciLayoutReader;
import dev.bunny.source.ImageResolver;
import dev.bunny.source.LayerFixture;
import dev.bunny.source.SourceImage;
import dev.bunny.source.SourceLayer;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.TestSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds that take the kernel, the rootfs or files from other images (served from fixture layers). */
class ImageSourcesBuildTest {

  private static final long TIMESTAMP = 1_767_225_600L;
  private static final ImageName NAME = ImageName.parse("example/app:1.0", null);
  private static final String BASE = "registry.example.com/base:1";
  private static final String KERNELS = "unikraft.org/nginx:1.15";

  @TempDir Path tmp;

  private Path project;
  private Path out;
  private final Map<String, SourceImage> images = new HashMap<>();
  private final List<String> resolved = new ArrayList<>();
  private byte[] kernel;

  @BeforeEach
  void images() throws Exception {
    project = Files.createDirectories(tmp.resolve("project"));
    out = tmp.resolve("out");
    TestSpec.write(project.resolve("app.conf"), "port=8080\n");
    kernel = new byte[4096];
    System.arraycopy(TestSpec.elf(2, false, 62), 0, kernel, 0, 64);
    images.put(KERNELS, new LayerFixture(Files.createDirectories(tmp.resolve("k")))
        .layer().dir("unikraft/bin", 0755).file("unikraft/bin/kernel", 0755, kernel)
        .layer().file("unikraft/bin/initrd.cpio", 0644, "070701fake")
        .image(KERNELS));
    images.put(BASE, new LayerFixture(Files.createDirectories(tmp.resolve("b")))
        .layer().dir("bin", 0755).file("bin/busybox", 0755, "BB").symlink("bin/sh", "busybox")
        .dir("etc", 0755).file("etc/app.conf", 0644, "port=1\n").file("etc/motd", 0644, "hi\n")
        .layer().file("boot/vmlinuz", 0644, kernel)
        .image(BASE, "{\"Env\":[\"PATH=/bin\",\"MODE=base\"],\"Cmd\":[\"/bin/sh\"],\"WorkingDir\":\"/srv\","
            + "\"Labels\":{\"org.example.team\":\"core\",\"com.urunc.unikernel.initrd\":\"/stale\"}}"));
  }

  private final ImageResolver resolver = (ref, platform, what) -> {
    resolved.add(ref + " " + platform);
    SourceImage image = images.get(ref.toString());
    if (image == null) {
      throw new BuildFailure(what + ": no image " + ref);
    }
    return image;
  };

  private BuildResult build(ImageSpec spec) throws Exception {
    return new ImageBuilder(BuildLog.SILENT).build(new BuildRequest(spec, project, NAME, TIMESTAMP, Compression.GZIP,
        out.resolve("oci"), out.resolve("app.tar"), out.resolve("app.digest"), resolver));
  }

  private OciLayoutReader.Image image() throws IOException {
    return OciLayoutReader.read(out.resolve("oci"));
  }

  private byte[] file(String path) throws IOException {
    return OciLayoutReader.readFile(out.resolve("oci"), path).orElseThrow(() -> new AssertionError("no " + path));
  }

  private static Map<String, String> cpio(byte[] initrd) throws IOException {
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(initrd))) {
      CpioArchiveEntry e;
      while ((e = in.getNextCPIOEntry()) != null) {
        String what = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "-> " + new String(in.readAllBytes(), StandardCharsets.UTF_8)
            : Long.toOctalString(e.getMode() & 07777) + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        entries.put(e.getName(), what);
      }
    }
    return entries;
  }

  @Test
  void theKernelIsCopiedOutOfItsImageAndPickedForTheMonitorsPlatform() throws Exception {
    build(spec().kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel", null)).build());

    assertThat(file("/.boot/kernel")).isEqualTo(kernel);
    assertThat(image().annotations()).containsEntry("com.urunc.unikernel.binary", "/.boot/kernel");
    assertThat(resolved).containsExactly(KERNELS + " qemu|linux/amd64");
  }

  @Test
  void aRawRootfsImageIsTheBaseItsLayersKeptByteForByte() throws Exception {
    build(spec().platform("linux", "qemu").kernel(new KernelSpec(BASE, "/boot/vmlinuz", null))
        .env("MODE=ours").rootfs(rootfs(BASE, null, RootfsType.RAW, "app.conf:/etc/app.conf")).build());

    OciLayoutReader.Image image = image();
    List<Descriptor> baseLayers = images.get(BASE).layers().stream().map(SourceLayer::descriptor).toList();
    assertThat(image.layers().subList(0, 2)).isEqualTo(baseLayers);
    assertThat(image.layers()).hasSize(4); // base x2, our files, urunc.json: the kernel stays in the base
    assertThat(file("/etc/app.conf")).asString(StandardCharsets.UTF_8).isEqualTo("port=8080\n");
    assertThat(file("/etc/motd")).asString(StandardCharsets.UTF_8).isEqualTo("hi\n");
    assertThat(image.annotations()).containsEntry("com.urunc.unikernel.binary", "/boot/vmlinuz")
        .containsEntry("com.urunc.unikernel.mountRootfs", "true");
    assertThat(image.configJson())
        .contains("\"Env\":[\"PATH=/bin\",\"MODE=ours\"]")
        .contains("\"Cmd\":[\"/bin/sh\"]")
        .contains("\"WorkingDir\":\"/srv\"")
        .contains("\"org.example.team\":\"core\"")
        .doesNotContain("/stale");
    assertThat(image.annotations()).containsEntry("com.urunc.unikernel.cmdline", "/bin/sh");
    assertThat(resolved).hasSize(1); // resolved and read once for the base and the kernel
  }

  @Test
  void anInitrdIsBuiltFromTheImagesFilesWithIncludesReplacingThem() throws Exception {
    build(spec().kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel", null))
        .rootfs(rootfs(BASE, null, RootfsType.INITRD, "app.conf:/etc/app.conf")).build());

    Map<String, String> initrd = cpio(file("/.boot/rootfs"));
    assertThat(initrd).containsEntry("bin/busybox", "755 BB").containsEntry("bin/sh", "-> busybox")
        .containsEntry("etc/app.conf", "644 port=8080\n").containsEntry("etc/motd", "644 hi\n")
        .containsKey("boot/vmlinuz");
  }

  @Test
  void includesFromAnImageLandAtTheirDestination() throws Exception {
    RootfsSpec r = new RootfsSpec(RootfsSpec.SCRATCH, null, null, List.of(
        new FileInclude(BASE, "/bin", "/tools", "rootfs.includes[0]"),
        new FileInclude(FileInclude.LOCAL, "app.conf", "/etc/app.conf", "rootfs.includes[1]")), null, null);

    build(spec().kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel", null)).rootfs(r).build());

    assertThat(cpio(file("/.boot/rootfs"))).containsOnlyKeys("etc", "etc/app.conf", "tools", "tools/busybox", "tools/sh");
  }

  @Test
  void aPrebuiltInitrdInsideAnImageIsPackagedAsTheRootfsFile() throws Exception {
    build(spec().kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel", null))
        .rootfs(rootfs(KERNELS, "/unikraft/bin/initrd.cpio", null)).build());

    assertThat(file("/.boot/rootfs")).asString(StandardCharsets.UTF_8).isEqualTo("070701fake");
    assertThat(image().annotations()).containsEntry("com.urunc.unikernel.initrd", "/.boot/rootfs");
  }

  @Test
  void aMissingKernelInTheImageFailsWithNothingWritten() throws Exception {
    BuildFailure e = assertThrows(BuildFailure.class,
        () -> build(spec().kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel.dbg", null)).build()));

    assertThat(e.getMessage()).isEqualTo("kernel.path (/unikraft/bin/kernel.dbg in unikraft.org/nginx:1.15): the image"
        + " unikraft.org/nginx:1.15 has no file at /unikraft/bin/kernel.dbg; check the path (/unikraft/bin holds: initrd.cpio,"
        + " kernel)");
    assertThat(out).doesNotExist();
  }

  @Test
  void aKernelForAnotherArchitectureIsRefused() throws Exception {
    BuildFailure e = assertThrows(BuildFailure.class, () -> build(spec().architecture("arm64")
        .kernel(new KernelSpec(KERNELS, "/unikraft/bin/kernel", null)).build()));

    assertThat(e.getMessage()).isEqualTo("kernel.path: /unikraft/bin/kernel in unikraft.org/nginx:1.15 is"
        + " an ELF 64-bit x86-64 kernel (amd64), but the image is built for arm64; set platform.architecture to amd64,"
        + " or take a kernel built for arm64");
    assertThat(resolved).containsExactly(KERNELS + " qemu|linux/arm64");
  }

  @Test
  void aContainerfileBaseHoldsTheKernelTheBinaryLabelNames() throws Exception {
    ImageSpec s = spec().platform("linux", "qemu").cmd("/init").labelsInUruncJson()
        .kernel(new KernelSpec(KernelSpec.IN_FILES, "/boot/vmlinuz", null)).build();
    ImageSpec withBase = new ImageSpec(s.source(), s.namer(), s.platform(), s.kernel(), s.rootfs(), s.entrypoint(),
        s.cmd(), s.env(), s.labels(), s.annotations(), s.files(), s.workingDir(), s.user(), true, BASE);

    build(withBase);

    assertThat(image().annotations()).containsEntry("com.urunc.unikernel.binary", "/boot/vmlinuz");
    assertThat(image().layers()).hasSize(3); // base x2, urunc.json
  }
}
