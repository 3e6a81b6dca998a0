package dev.bunny.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Test fixture: builds {@link ImageSpec}s field by field, starting from a unikraft-on-qemu image
 * whose kernel is the local file {@code kernel} and which has no rootfs. Also writes tiny kernel
 * headers for the architecture checks.
 */
public final class TestSpec {

  public static final String SOURCE = "test spec";

  private String framework = "unikraft";
  private String monitor = "qemu";
  private String version;
  private String architecture;
  private KernelSpec kernel = new KernelSpec(FileInclude.LOCAL, "kernel", null);
  private RootfsSpec rootfs = RootfsSpec.absent();
  private List<String> entrypoint = List.of();
  private List<String> cmd = List.of();
  private List<String> env = List.of();
  private final SortedMap<String, String> labels = new TreeMap<>();
  private final SortedMap<String, String> annotations = new TreeMap<>();
  private List<FileInclude> files = List.of();
  private boolean labelsInUruncJson;

  private TestSpec() {}

  /** unikraft on qemu, kernel {@code kernel}, no rootfs. */
  public static TestSpec spec() {
    return new TestSpec();
  }

  public TestSpec platform(String framework, String monitor) {
    this.framework = framework;
    this.monitor = monitor;
    return this;
  }

  public TestSpec version(String version) {
    this.version = version;
    return this;
  }

  public TestSpec architecture(String architecture) {
    this.architecture = architecture;
    return this;
  }

  public TestSpec kernel(String path) {
    this.kernel = new KernelSpec(FileInclude.LOCAL, path, null);
    return this;
  }

  public TestSpec kernel(KernelSpec kernel) {
    this.kernel = kernel;
    return this;
  }

  public TestSpec kernelTarget(String target) {
    this.kernel = new KernelSpec(kernel.from(), kernel.path(), target);
    return this;
  }

  public TestSpec rootfs(RootfsSpec rootfs) {
    this.rootfs = rootfs;
    return this;
  }

  public TestSpec entrypoint(String... args) {
    this.entrypoint = List.of(args);
    return this;
  }

  public TestSpec cmd(String... args) {
    this.cmd = List.of(args);
    return this;
  }

  public TestSpec env(String... vars) {
    this.env = List.of(vars);
    return this;
  }

  public TestSpec label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  public TestSpec annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /** Extra files in bunny's short form, fields {@code files[i]}. */
  public TestSpec files(String... shortForms) {
    this.files = parse("files", shortForms);
    return this;
  }

  /** bunny's Containerfile rule: every label also goes into {@code /urunc.json}. */
  public TestSpec labelsInUruncJson() {
    this.labelsInUruncJson = true;
    return this;
  }

  public ImageSpec build() {
    return new ImageSpec(SOURCE, FieldNamer.PLAIN, new Platform(framework, monitor, version, architecture), kernel,
        rootfs, entrypoint, cmd, env, labels, annotations, files, null, null, labelsInUruncJson);
  }

  // --- rootfs shorthands ------------------------------------------------------------------------

  /** A rootfs built from scratch out of includes ({@code src:dst}), with the given type (null = default). */
  public static RootfsSpec scratch(RootfsType type, String... includes) {
    return new RootfsSpec(RootfsSpec.SCRATCH, null, type, parse("rootfs.includes", includes), null, null);
  }

  /** A prebuilt local rootfs file. */
  public static RootfsSpec localFile(String path, RootfsType type) {
    return new RootfsSpec(FileInclude.LOCAL, path, type, List.of(), null, null);
  }

  public static RootfsSpec rootfs(String from, String path, RootfsType type, String... includes) {
    return new RootfsSpec(from, path, type, parse("rootfs.includes", includes), null, null);
  }

  public static RootfsSpec withTarget(RootfsSpec r, String target) {
    return new RootfsSpec(r.from(), r.path(), r.type(), r.includes(), target, r.mountPoint());
  }

  public static RootfsSpec withMountPoint(RootfsSpec r, String mountPoint) {
    return new RootfsSpec(r.from(), r.path(), r.type(), r.includes(), r.target(), mountPoint);
  }

  private static List<FileInclude> parse(String field, String... shortForms) {
    List<FileInclude> out = new ArrayList<>();
    for (int i = 0; i < shortForms.length; i++) {
      out.add(FileInclude.parseShort(shortForms[i], field + "[" + i + "]"));
    }
    return out;
  }

  // --- kernel headers ---------------------------------------------------------------------------

  /** A 64-byte ELF header: class 1 (32-bit) or 2 (64-bit), byte order, e_machine. */
  public static byte[] elf(int elfClass, boolean bigEndian, int machine) {
    byte[] h = new byte[64];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = (byte) elfClass;
    h[5] = (byte) (bigEndian ? 2 : 1);
    h[6] = 1; // EV_CURRENT
    if (bigEndian) {
      h[17] = 2; // ET_EXEC
      h[18] = (byte) (machine >> 8);
      h[19] = (byte) machine;
    } else {
      h[16] = 2;
      h[18] = (byte) machine;
      h[19] = (byte) (machine >> 8);
    }
    return h;
  }

  /** The start of a Linux x86 bzImage: "HdrS" at 0x202. */
  public static byte[] bzImage() {
    byte[] h = new byte[0x400];
    h[0x1fe] = 0x55;
    h[0x1ff] = (byte) 0xaa;
    System.arraycopy("HdrS".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h, 0x202, 4);
    return h;
  }

  /** The start of a Linux arm64 Image: magic "ARM\x64" at 0x38. */
  public static byte[] arm64Image() {
    byte[] h = new byte[0x40];
    h[0x38] = 'A';
    h[0x39] = 'R';
    h[0x3a] = 'M';
    h[0x3b] = 0x64;
    return h;
  }

  public static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, bytes);
  }

  public static Path write(Path file, String text) throws IOException {
    return write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return framework + "/" + monitor + " " + rootfs + " cmd=" + Arrays.toString(cmd.toArray());
  }
}
