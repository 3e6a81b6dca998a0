package dev.bunny.spec;

import static dev.bunny.spec.TestSpec.localFile;
import static dev.bunny.spec.TestSpec.rootfs;
import static dev.bunny.spec.TestSpec.scratch;
import static dev.bunny.spec.TestSpec.spec;
import static dev.bunny.spec.TestSpec.withMountPoint;
import static dev.bunny.spec.TestSpec.withTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

  private static final String KNOWN_FRAMEWORKS = "hermit, linux, mewz, mirage, rumprun, unikraft";
  private static final String KNOWN_MONITORS = "cloud-hypervisor, firecracker, hedge, hvt, hyperlight-unikraft, qemu, spt";
  private static final String PATH_RULE =
      "urunc accepts absolute, clean paths of letters, digits and . _ / - only, at most 4096 bytes";

  @TempDir Path dir;

  /** Every spec's default kernel is an x86-64 ELF, so no architecture note appears by default. */
  @BeforeEach
  void writeInputs() throws Exception {
    TestSpec.write(dir.resolve("kernel"), TestSpec.elf(2, false, 62));
    TestSpec.write(dir.resolve("conf/app.conf"), "port=80\n");
    TestSpec.write(dir.resolve("rootfs.img"), new byte[4096]);
  }

  private ResolvedSpec valid(TestSpec s) throws SpecException {
    return SpecValidator.validate(s.build(), dir);
  }

  private List<SpecProblem> problems(TestSpec s) {
    return assertThrows(SpecException.class, () -> SpecValidator.validate(s.build(), dir)).problems();
  }

  private static SpecProblem problem(String field, String message, String fix) {
    return new SpecProblem(field, message, fix);
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class FrameworkAndMonitor {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "unikraft, qemu", "unikraft, firecracker", "unikraft, hyperlight-unikraft",
        "rumprun, hvt", "rumprun, spt",
        "mirage, hvt", "mirage, spt", "mirage, qemu",
        "mewz, qemu",
        "linux, qemu", "linux, firecracker", "linux, cloud-hypervisor",
        "hermit, qemu"})
    void everyPairUruncRunsIsAcceptedWithoutNotes(String framework, String monitor) throws Exception {
      ResolvedSpec r = valid(spec().platform(framework, monitor).cmd("/init"));

      assertThat(r.framework()).isEqualTo(framework);
      assertThat(r.monitor()).isEqualTo(monitor);
      assertThat(r.rootfsType()).isEqualTo(RootfsType.NONE);
      assertThat(r.notes()).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
        "unikraft | hvt              | qemu, firecracker, hyperlight-unikraft",
        "unikraft | spt              | qemu, firecracker, hyperlight-unikraft",
        "unikraft | cloud-hypervisor | qemu, firecracker, hyperlight-unikraft",
        "rumprun  | qemu             | hvt, spt",
        "rumprun  | firecracker      | hvt, spt",
        "mirage   | firecracker      | hvt, spt, qemu",
        "mewz     | firecracker      | qemu",
        "mewz     | hvt              | qemu",
        "linux    | hvt              | qemu, firecracker, cloud-hypervisor",
        "linux    | hyperlight-unikraft | qemu, firecracker, cloud-hypervisor",
        "hermit   | firecracker      | qemu"})
    void pairsOutsideTheTableAreRejected(String framework, String monitor, String runsOn) {
      assertThat(problems(spec().platform(framework, monitor).cmd("/init"))).containsExactly(
          problem("platform.monitor", "urunc cannot run " + framework + " on '" + monitor + "'",
              "urunc runs " + framework + " on: " + runsOn));
    }

    @ParameterizedTest(name = "{0} on hedge")
    @CsvSource(delimiter = '|', value = {
        "unikraft | qemu, firecracker, hyperlight-unikraft",
        "rumprun  | hvt, spt",
        "linux    | qemu, firecracker, cloud-hypervisor"})
    void hedgeIsKnownButPairsWithNoFramework(String framework, String runsOn) {
      assertThat(problems(spec().platform(framework, "hedge").cmd("/init"))).containsExactly(
          problem("platform.monitor", "urunc cannot run " + framework + " on 'hedge'", "urunc runs " + framework + " on: " + runsOn));
    }

    @Test
    void theRejectionMessageNamesFrameworkAndMonitor() {
      SpecException e = assertThrows(SpecException.class,
          () -> SpecValidator.validate(spec().platform("unikraft", "hvt").build(), dir));

      assertThat(e.getMessage()).isEqualTo("1 problem in test spec:\n"
          + "  - platform.monitor: urunc cannot run unikraft on 'hvt' "
          + "(urunc runs unikraft on: qemu, firecracker, hyperlight-unikraft)");
    }

    @Test
    void anUnknownWellFormedFrameworkIsAcceptedWithANote() throws Exception {
      ResolvedSpec r = valid(spec().platform("osv", "qemu"));

      assertThat(r.framework()).isEqualTo("osv");
      assertThat(r.notes()).containsExactly("platform.framework: 'osv' is not one urunc is known to support (known: "
          + KNOWN_FRAMEWORKS + "); building anyway");
    }

    @Test
    void anUnknownWellFormedMonitorIsAcceptedWithANote() throws Exception {
      ResolvedSpec r = valid(spec().platform("unikraft", "xen"));

      assertThat(r.monitor()).isEqualTo("xen");
      assertThat(r.notes()).containsExactly("platform.monitor: 'xen' is not one urunc is known to support (known: "
          + KNOWN_MONITORS + "); building anyway");
    }

    @Test
    void namesAreTrimmed() throws Exception {
      ResolvedSpec r = valid(spec().platform(" unikraft ", "\tqemu\n"));

      assertThat(r.framework()).isEqualTo("unikraft");
      assertThat(r.monitor()).isEqualTo("qemu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Unikraft", "uni kraft", "-unikraft", "unikraft/qemu", "_x", "ünikraft"})
    void malformedFrameworkNamesAreRejected(String name) {
      assertThat(problems(spec().platform(name, "qemu"))).containsExactly(problem("platform.framework",
          "'" + name + "' is not a valid name", "lowercase letters, digits, '.', '_' and '-'; known: " + KNOWN_FRAMEWORKS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QEMU", "qemu system", "qemu/x86_64", ".qemu"})
    void malformedMonitorNamesAreRejected(String name) {
      assertThat(problems(spec().platform("unikraft", name))).containsExactly(problem("platform.monitor",
          "'" + name + "' is not a valid name", "lowercase letters, digits, '.', '_' and '-'; known: " + KNOWN_MONITORS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void frameworkIsRequired(String blank) {
      assertThat(problems(spec().platform(blank, "qemu")))
          .containsExactly(problem("platform.framework", "is required", "one of: " + KNOWN_FRAMEWORKS));
      assertThat(problems(spec().platform(null, "qemu")))
          .containsExactly(problem("platform.framework", "is required", "one of: " + KNOWN_FRAMEWORKS));
    }

    @Test
    void monitorIsRequired() {
      assertThat(problems(spec().platform("unikraft", null)))
          .containsExactly(problem("platform.monitor", "is required", "one of: " + KNOWN_MONITORS));
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class UnikraftVersion {

    @Test
    void anOldUnikraftVersionGetsANoteAndIsKept() throws Exception {
      ResolvedSpec r = valid(spec().version("v0.15.0"));

      assertThat(r.version()).isEqualTo("v0.15.0");
      assertThat(r.notes()).containsExactly("platform.version: Unikraft v0.15.0 is older than 0.16.1, so urunc passes "
          + "it the old command-line form and drops environment variables");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.16.1", "v0.16.1", "0.16.10", "v0.17.0", "1.0"})
    void currentUnikraftVersionsGetNoNote(String version) throws Exception {
      assertThat(valid(spec().version(version)).notes()).isEmpty();
    }

    @Test
    void anUnparsableUnikraftVersionGetsNoOldFormNote() throws Exception {
      assertThat(valid(spec().version("latest")).notes()).noneMatch(n -> n.contains("older than 0.16.1"));
    }

    @Test
    void otherFrameworksGetNoVersionNote() throws Exception {
      assertThat(valid(spec().platform("mewz", "qemu").version("0.1.0")).notes()).isEmpty();
    }

    @Test
    void aBlankVersionIsNoVersion() throws Exception {
      assertThat(valid(spec().version("  ")).version()).isNull();
    }

    @ParameterizedTest(name = "compare({0}, {1}) is {2}")
    @CsvSource({
        "0.15.0, 0.16.1, -1",
        "v0.16.1, 0.16.1, 0",
        "0.16, 0.16.0, 0",
        "0.16.10, 0.16.9, 1",
        "1, 0.99, 1",
        "V0.9.0-rc1, 0.9.0, 0"})
    void versionsCompareNumerically(String a, String b, int sign) {
      assertThat(Integer.signum(Versions.compare(a, b))).isEqualTo(sign);
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class Kernel {

    @Test
    void kernelPathIsRequired() {
      SpecProblem required = problem("kernel.path", "is required",
          "the unikernel binary to package, relative to the project directory");
      assertThat(problems(spec().kernel((KernelSpec) null))).containsExactly(required);
      assertThat(problems(spec().kernel(" "))).containsExactly(required);
    }

    @Test
    void aMissingKernelFileIsReported() {
      assertThat(problems(spec().kernel("build/missing"))).containsExactly(problem("kernel.path",
          "file '" + dir.resolve("build/missing") + "' does not exist", "build the unikernel first or fix the path"));
    }

    @Test
    void aDirectoryIsNotAKernel() throws Exception {
      Files.createDirectories(dir.resolve("build"));

      assertThat(problems(spec().kernel("build"))).containsExactly(problem("kernel.path",
          "'" + dir.resolve("build") + "' is not a regular file", "name the kernel binary itself"));
    }

    @Test
    void aKernelFromAnImageIsCopiedOutOfItAtBuildTime() throws Exception {
      ResolvedSpec r = valid(spec().kernel(new KernelSpec("unikraft.org/nginx:1.15", "/unikraft/bin/kernel", null)));

      assertThat(r.kernelFile()).isNull();
      assertThat(r.images().kernel()).hasToString("unikraft.org/nginx:1.15");
      assertThat(r.images().kernelPath()).isEqualTo("/unikraft/bin/kernel");
      assertThat(r.kernelTarget()).isEqualTo("/.boot/kernel");
      assertThat(r.kernelLayer()).isTrue();
    }

    @Test
    void aMalformedImageReferenceIsReportedAtItsField() {
      assertThat(problems(spec().kernel(new KernelSpec("docker://redis:7", "/kernel", null)))).singleElement()
          .satisfies(p -> {
            assertThat(p.field()).isEqualTo("kernel.from");
            assertThat(p.message()).startsWith("'docker://redis:7' has a URL scheme (docker://)");
          });
    }

    @Test
    void aKernelFromTheRawRootfsImageStaysWhereItIs() throws Exception {
      ResolvedSpec r = valid(spec().platform("linux", "qemu").cmd("/init")
          .kernel(new KernelSpec("registry.example.com/app:1", "/boot/vmlinuz", null))
          .rootfs(new RootfsSpec("registry.example.com/app:1", null, RootfsType.RAW, List.of(), null, null)));

      assertThat(r.images().base()).hasToString("registry.example.com/app:1");
      assertThat(r.images().kernelInBase()).isTrue();
      assertThat(r.kernelLayer()).isFalse();
      assertThat(r.kernelTarget()).isEqualTo("/boot/vmlinuz");
    }

    @Test
    void theKernelGoesToBootKernelByDefault() throws Exception {
      ResolvedSpec r = valid(spec());

      assertThat(r.kernelFile()).isEqualTo(dir.resolve("kernel"));
      assertThat(r.kernelTarget()).isEqualTo("/.boot/kernel");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class ArchitectureRules {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "x86, AMD64", "x86_64, AMD64", "x86-64, AMD64", "amd64, AMD64", "' AMD64 ', AMD64",
        "aarch64, ARM64", "arm64, ARM64", "ARM64, ARM64"})
    void acceptedNames(String text, Architecture expected) {
      assertThat(Architecture.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sparc", "arm", "i386", "riscv64", "x86_32", ""})
    void otherNamesAreNotArchitectures(String text) {
      assertThat(Architecture.parse(text)).isEmpty();
    }

    @Test
    void ociNames() {
      assertThat(Architecture.AMD64.oci()).isEqualTo("amd64");
      assertThat(Architecture.ARM64.oci()).isEqualTo("arm64");
    }

    @Test
    void anUnknownDeclaredArchitectureIsRejected() {
      assertThat(problems(spec().architecture("sparc"))).containsExactly(problem("platform.architecture",
          "'sparc' is not an architecture urunc images run on",
          "accepted: x86_64, amd64, x86 (-> amd64); aarch64, arm64 (-> arm64)"));
    }

    @ParameterizedTest(name = "class {0}, big-endian {1}, machine {2} -> {3}")
    @CsvSource({
        "2, false, 62, AMD64",
        "2, false, 183, ARM64",
        "1, false, 3, AMD64",
        "2, true, 183, ARM64",
        "2, true, 62, AMD64"})
    void theArchitectureIsReadFromAnElfKernel(int elfClass, boolean bigEndian, int machine, Architecture expected)
        throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(elfClass, bigEndian, machine));

      ResolvedSpec r = valid(spec());

      assertThat(r.architecture()).isEqualTo(expected);
      assertThat(r.notes()).isEmpty();
    }

    @Test
    void aBzImageIsAmd64() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.bzImage());

      assertThat(valid(spec()).architecture()).isEqualTo(Architecture.AMD64);
    }

    @Test
    void anArm64ImageIsArm64() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.arm64Image());

      assertThat(valid(spec()).architecture()).isEqualTo(Architecture.ARM64);
    }

    @Test
    void anUnreadableFormatDefaultsToAmd64WithANote() throws Exception {
      TestSpec.write(dir.resolve("kernel"), "not a kernel at all");

      ResolvedSpec r = valid(spec());

      assertThat(r.architecture()).isEqualTo(Architecture.AMD64);
      assertThat(r.notes()).containsExactly("kernel 'kernel' is in a format the plugin cannot read; image architecture "
          + "defaults to amd64 (set platform.architecture to choose)");
    }

    @Test
    void aDeclaredArchitectureWinsOverAnUnreadableKernelWithoutANote() throws Exception {
      TestSpec.write(dir.resolve("kernel"), "not a kernel at all");

      ResolvedSpec r = valid(spec().architecture("aarch64"));

      assertThat(r.architecture()).isEqualTo(Architecture.ARM64);
      assertThat(r.notes()).isEmpty();
    }

    @Test
    void aMatchingDeclarationIsAccepted() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(1, false, 3));

      assertThat(valid(spec().architecture("x86_64")).architecture()).isEqualTo(Architecture.AMD64);
    }

    @Test
    void aDeclaredArchitectureThatContradictsAnElfKernelIsRejected() {
      assertThat(problems(spec().architecture("arm64"))).containsExactly(problem("platform.architecture",
          "is arm64 but the kernel 'kernel' is an ELF 64-bit x86-64 (amd64)",
          "set the architecture to amd64 or package the arm64 kernel"));
    }

    @Test
    void anAarch64KernelDeclaredAmd64IsRejected() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(2, false, 183));

      assertThat(problems(spec().architecture("amd64"))).containsExactly(problem("platform.architecture",
          "is amd64 but the kernel 'kernel' is an ELF 64-bit AArch64 (arm64)",
          "set the architecture to arm64 or package the amd64 kernel"));
    }

    @Test
    void aBzImageDeclaredArm64IsRejectedWithAGrammaticalMessage() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.bzImage());

      assertThat(problems(spec().architecture("arm64"))).containsExactly(problem("platform.architecture",
          "is arm64 but the kernel 'kernel' is a Linux x86 bzImage (amd64)",
          "set the architecture to amd64 or package the arm64 kernel"));
    }

    @Test
    void aRiscVKernelIsRejected() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(2, false, 243));

      assertThat(problems(spec())).containsExactly(problem("kernel.path", "'kernel' is an ELF 64-bit RISC-V kernel",
          "urunc images run on amd64 and arm64; package a kernel built for one of them"));
    }

    @Test
    void aBigEndianElfIsReadBigEndian() throws Exception {
      // e_machine 243 big-endian reads as 0xf300 = 62208 when misread as little-endian
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(2, true, 243));

      assertThat(problems(spec())).containsExactly(problem("kernel.path", "'kernel' is an ELF 64-bit RISC-V kernel",
          "urunc images run on amd64 and arm64; package a kernel built for one of them"));
    }

    @Test
    void a32BitArmKernelIsRejectedWithAReadableDescription() throws Exception {
      TestSpec.write(dir.resolve("kernel"), TestSpec.elf(1, false, 40));

      assertThat(problems(spec())).containsExactly(problem("kernel.path", "'kernel' is an ELF 32-bit ARM kernel",
          "urunc images run on amd64 and arm64; package a kernel built for one of them"));
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class RootfsKinds {

    static Stream<Arguments> rejected() {
      RootfsSpec initrd = scratch(RootfsType.INITRD, "conf/app.conf:/etc/app.conf");
      RootfsSpec block = localFile("rootfs.img", RootfsType.BLOCK);
      RootfsSpec raw = scratch(RootfsType.RAW, "conf/app.conf:/etc/app.conf");
      return Stream.of(
          Arguments.of("rumprun", "hvt", initrd, "rumprun cannot boot from an initrd", "raw, block, none"),
          Arguments.of("rumprun", "spt", initrd, "rumprun cannot boot from an initrd", "raw, block, none"),
          Arguments.of("mirage", "spt", initrd, "mirage cannot boot from an initrd", "block, none"),
          Arguments.of("mewz", "qemu", initrd, "mewz cannot boot from an initrd", "none"),
          Arguments.of("unikraft", "qemu", block, "unikraft has no block device support", "initrd, raw, none"),
          Arguments.of("unikraft", "firecracker", block, "unikraft has no block device support", "initrd, none"),
          Arguments.of("mewz", "qemu", block, "mewz has no block device support", "none"),
          Arguments.of("mewz", "qemu", raw, "mewz has no filesystem support", "none"),
          Arguments.of("mirage", "hvt", raw, "mirage has no filesystem urunc can hand the container rootfs over with",
              "block, none"),
          Arguments.of("mirage", "qemu", raw, "mirage has no filesystem urunc can hand the container rootfs over with",
              "block, none"),
          Arguments.of("unikraft", "firecracker", raw,
              "unikraft on firecracker has neither block nor shared-filesystem support", "initrd, none"));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("rejected")
    void kindsAFrameworkCannotUseAreRejected(String framework, String monitor, RootfsSpec rootfs, String why,
        String accepted) {
      assertThat(problems(spec().platform(framework, monitor).rootfs(rootfs))).containsExactly(
          problem("rootfs.type", why, "accepted for " + framework + " on " + monitor + ": " + accepted));
    }

    static Stream<Arguments> accepted() {
      RootfsSpec initrd = scratch(RootfsType.INITRD, "conf/app.conf:/etc/app.conf");
      RootfsSpec block = localFile("rootfs.img", RootfsType.BLOCK);
      RootfsSpec raw = scratch(RootfsType.RAW, "conf/app.conf:/etc/app.conf");
      return Stream.of(
          Arguments.of("unikraft", "qemu", initrd),
          Arguments.of("unikraft", "qemu", raw),
          Arguments.of("unikraft", "firecracker", initrd),
          Arguments.of("rumprun", "hvt", block),
          Arguments.of("rumprun", "spt", raw),
          Arguments.of("mirage", "hvt", block),
          Arguments.of("linux", "qemu", initrd),
          Arguments.of("linux", "firecracker", block),
          Arguments.of("linux", "cloud-hypervisor", raw));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("accepted")
    void kindsAFrameworkCanUseAreAccepted(String framework, String monitor, RootfsSpec rootfs) throws Exception {
      ResolvedSpec r = valid(spec().platform(framework, monitor).rootfs(rootfs).cmd("/init"));

      assertThat(r.rootfsType()).isEqualTo(rootfs.type());
    }

    @Test
    void unikraftBuildsAnInitrdByDefault() throws Exception {
      ResolvedSpec r = valid(spec().rootfs(scratch(null, "conf/app.conf:/etc/app.conf")));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
      assertThat(r.buildsInitrd()).isTrue();
      assertThat(r.rootfsTarget()).isEqualTo("/.boot/rootfs");
      assertThat(r.rootfsIncludes()).singleElement().satisfies(inc -> {
        assertThat(inc.source()).isEqualTo(dir.resolve("conf/app.conf"));
        assertThat(inc.destination()).isEqualTo("/etc/app.conf");
        assertThat(inc.origin()).isEqualTo("rootfs.includes[0] conf/app.conf:/etc/app.conf");
      });
      assertThat(r.notes()).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"linux, qemu", "hermit, qemu", "rumprun, spt", "osv, qemu"})
    void otherFrameworksDefaultToRaw(String framework, String monitor) throws Exception {
      ResolvedSpec r = valid(spec().platform(framework, monitor).rootfs(scratch(null, "conf/app.conf:/etc/app.conf")).cmd("/init"));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.RAW);
      assertThat(r.rootfsTarget()).isNull();
      assertThat(r.mountPoint()).isNull();
    }

    @Test
    void mirageIncludesDefaultToRawWhichMirageCannotUse() {
      assertThat(problems(spec().platform("mirage", "hvt").rootfs(scratch(null, "conf/app.conf:/etc/app.conf"))))
          .containsExactly(problem("rootfs.type", "mirage has no filesystem urunc can hand the container rootfs over with",
              "accepted for mirage on hvt: block, none"));
    }

    @Test
    void rumprunOnRawGetsTheDevmapperNote() throws Exception {
      ResolvedSpec r = valid(spec().platform("rumprun", "hvt").rootfs(scratch(null, "conf/app.conf:/conf/app.conf")));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.RAW);
      assertThat(r.notes()).containsExactly("a raw rootfs reaches rumprun as the container snapshot: urunc needs the "
          + "devmapper snapshotter with ext2, and the guest sees the files under /data");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"unikraft, qemu", "linux, qemu"})
    void aLocalFileWithoutTypeIsAnInitrd(String framework, String monitor) throws Exception {
      ResolvedSpec r = valid(spec().platform(framework, monitor).rootfs(localFile("rootfs.img", null)).cmd("/init"));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
      assertThat(r.rootfsFile()).isEqualTo(dir.resolve("rootfs.img"));
      assertThat(r.buildsInitrd()).isFalse();
      assertThat(r.notes()).containsExactly(
          "rootfs.type not set: the prebuilt file 'rootfs.img' is packaged as an initrd (set the type to choose)");
    }

    @Test
    void aLocalFileWithoutTypeIsABlockImageForRumprun() throws Exception {
      ResolvedSpec r = valid(spec().platform("rumprun", "hvt").rootfs(localFile("rootfs.img", null)));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.BLOCK);
      assertThat(r.rootfsTarget()).isEqualTo("/.boot/rootfs");
      assertThat(r.mountPoint()).isEqualTo("/data");
      assertThat(r.notes()).containsExactly(
          "rootfs.type not set: the prebuilt file 'rootfs.img' is packaged as a block image (set the type to choose)");
    }

    @Test
    void aBlockImageMountsAtRootOutsideRumprun() throws Exception {
      ResolvedSpec r = valid(spec().platform("linux", "qemu").cmd("/init").rootfs(localFile("rootfs.img", RootfsType.BLOCK)));

      assertThat(r.mountPoint()).isEqualTo("/");
    }

    @Test
    void aMissingPrebuiltFileIsReported() {
      assertThat(problems(spec().rootfs(localFile("initrd.cpio", RootfsType.INITRD)))).containsExactly(problem(
          "rootfs.path", "file '" + dir.resolve("initrd.cpio") + "' does not exist",
          "the prebuilt initrd file, relative to the project directory"));
    }

    @Test
    void aDirectoryIsNotAPrebuiltFile() throws Exception {
      Files.createDirectories(dir.resolve("img"));

      assertThat(problems(spec().platform("linux", "qemu").cmd("/init").rootfs(localFile("img", RootfsType.BLOCK))))
          .containsExactly(problem("rootfs.path", "file '" + dir.resolve("img") + "' is not a regular file",
              "the prebuilt block file, relative to the project directory"));
    }

    @Test
    void blockImagesAreNotBuiltFromIncludes() {
      assertThat(problems(spec().platform("linux", "qemu").cmd("/init")
          .rootfs(scratch(RootfsType.BLOCK, "conf/app.conf:/etc/app.conf")))).containsExactly(problem("rootfs.type",
              "building block images is not supported", "give a prebuilt image: from local with a path"));
    }

    @Test
    void noneCannotHaveIncludes() {
      assertThat(problems(spec().rootfs(scratch(RootfsType.NONE, "conf/app.conf:/etc/app.conf")))).containsExactly(
          problem("rootfs.type", "none cannot have includes or a prebuilt file", "drop them, or choose initrd, raw, block, none"));
    }

    @Test
    void anExplicitNoneIsNoRootfs() throws Exception {
      ResolvedSpec r = valid(spec().rootfs(scratch(RootfsType.NONE)));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.NONE);
      assertThat(r.rootfsTarget()).isNull();
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** bunny's {@code hops/validate.go} rootfs table (facts §2.3, §2.9), as this plugin answers it. */
  @Nested
  class BunnyRootfsTable {

    static final String REGISTRY = "registry.example.com/base:1";

    static Stream<Arguments> accepted() {
      return Stream.of(
          Arguments.of("scratch + include", rootfs("scratch", null, null, "conf/app.conf:/etc/app.conf")),
          Arguments.of("\"\" + include", rootfs("", null, null, "conf/app.conf:/etc/app.conf")),
          Arguments.of("scratch + type + include", rootfs("scratch", null, RootfsType.INITRD, "conf/app.conf:/etc/app.conf")),
          Arguments.of("\"\" + type + include", rootfs(null, null, RootfsType.INITRD, "conf/app.conf:/etc/app.conf")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepted(String name, RootfsSpec rootfs) throws Exception {
      assertThat(valid(spec().rootfs(rootfs)).rootfsType()).isEqualTo(RootfsType.INITRD);
    }

    static Stream<Arguments> rejected() {
      SpecProblem scratchPath = problem("rootfs.path", "a prebuilt rootfs file needs from=local",
          "set rootfs from to local, or drop the path and use includes");
      return Stream.of(
          Arguments.of("\"\" + path", rootfs("", "rootfs.img", null), List.of(scratchPath)),
          Arguments.of("scratch + path", rootfs("scratch", "rootfs.img", null), List.of(scratchPath)),
          Arguments.of("local + path + raw", rootfs("local", "rootfs.img", RootfsType.RAW), List.of(problem("rootfs.type",
              "raw copies files into the image rootfs and cannot use the prebuilt file 'rootfs.img'",
              "use type initrd or block for a prebuilt file, or includes for raw"))),
          Arguments.of("local + raw", rootfs("local", null, RootfsType.RAW), List.of(
              problem("rootfs.from", "a raw rootfs cannot come from a local file", "use from scratch with includes"),
              problem("rootfs.path", "is required when the rootfs comes from a local file", "the prebuilt initrd or block image"))),
          Arguments.of("local + path + include", rootfs("local", "rootfs.img", RootfsType.INITRD, "conf/app.conf:/etc/app.conf"),
              List.of(problem("rootfs.includes", "files cannot be added to a prebuilt rootfs file",
                  "drop the includes, or build the rootfs from scratch with includes only"))),
          Arguments.of("registry + path + include", rootfs(REGISTRY, "/boot/initrd", null, "conf/app.conf:/etc/app.conf"),
              List.of(problem("rootfs.includes", "files cannot be added to a prebuilt rootfs file",
                  "drop the includes, or build the rootfs from scratch with includes only"))),
          Arguments.of("registry + block", rootfs(REGISTRY, null, RootfsType.BLOCK), List.of(problem("rootfs.type",
              "building block images is not supported", "give a prebuilt image: from local with a path"),
              problem("rootfs.type", "unikraft has no block device support", "accepted for unikraft on qemu: initrd, raw, none"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejected(String name, RootfsSpec rootfs, List<SpecProblem> expected) {
      assertThat(problems(spec().rootfs(rootfs))).containsExactlyElementsOf(expected);
    }

    @Test
    void aRegistryRootfsWithoutTypeIsTheInitrdsBaseForUnikraft() throws Exception {
      ResolvedSpec r = valid(spec().rootfs(rootfs(REGISTRY, null, null, "conf/app.conf:/etc/app.conf")));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
      assertThat(r.buildsInitrd()).isTrue();
      assertThat(r.rootfsIncludes()).extracting(ResolvedInclude::isFromImage, ResolvedInclude::base)
          .containsExactly(tuple(true, true), tuple(false, false));
      assertThat(r.images().base()).isNull();
    }

    @Test
    void aRawRegistryRootfsIsTheBaseImage() throws Exception {
      ResolvedSpec r = valid(spec().rootfs(rootfs(REGISTRY, null, RootfsType.RAW, "conf/app.conf:/etc/app.conf")));

      assertThat(r.images().base()).hasToString(REGISTRY);
      assertThat(r.rootfsIncludes()).singleElement().satisfies(inc -> assertThat(inc.isFromImage()).isFalse());
    }

    @Test
    void aPrebuiltInitrdInsideAnImageIsCopiedOut() throws Exception {
      ResolvedSpec r = valid(spec().rootfs(rootfs(REGISTRY, "/boot/initrd.cpio", null)));

      assertThat(r.rootfsType()).isEqualTo(RootfsType.INITRD);
      assertThat(r.buildsInitrd()).isFalse();
      assertThat(r.images().rootfs()).hasToString(REGISTRY);
      assertThat(r.images().rootfsPath()).isEqualTo("/boot/initrd.cpio");
    }

    @Test
    void includesFromAnImageAreResolvedAtBuildTime() throws Exception {
      RootfsSpec r = new RootfsSpec("scratch", null, null,
          List.of(new FileInclude(REGISTRY, "/etc/ssl/certs", "/etc/ssl/certs", "rootfs.includes[0]")), null, null);

      assertThat(valid(spec().rootfs(r)).rootfsIncludes()).singleElement().satisfies(inc -> {
        assertThat(inc.image()).hasToString(REGISTRY);
        assertThat(inc.imagePath()).isEqualTo("/etc/ssl/certs");
        assertThat(inc.destination()).isEqualTo("/etc/ssl/certs");
        assertThat(inc.source()).isNull();
      });
    }

    @Test
    void aMissingIncludeSourceIsReported() {
      assertThat(problems(spec().rootfs(scratch(null, "conf/missing.conf:/etc/app.conf")))).containsExactly(problem(
          "rootfs.includes[0]", "source '" + dir.resolve("conf/missing.conf") + "' does not exist",
          "paths are relative to the project directory"));
    }

    @Test
    void anIncludeDestinationMustStayInsideTheRoot() {
      assertThat(problems(spec().rootfs(scratch(null, "conf/app.conf:../etc/app.conf")))).containsExactly(problem(
          "rootfs.includes[0]", "destination '../etc/app.conf' leaves the image root",
          "destinations must stay inside the root; write an absolute path such as /conf/file"));
    }

    @Test
    void extraFilesAreCheckedLikeIncludes() throws Exception {
      assertThat(problems(spec().files("conf/app.conf:/etc/app.conf", "nope:/nope"))).containsExactly(problem(
          "files[1]", "source '" + dir.resolve("nope") + "' does not exist", "paths are relative to the project directory"));
      assertThat(valid(spec().files("conf:/etc/conf")).files()).singleElement()
          .satisfies(f -> assertThat(f.source()).isEqualTo(dir.resolve("conf")));
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** urunc's rule for binary, initrd, block and blkMntPoint paths (facts §1.2). */
  @Nested
  class UruncPathRule {

    static Stream<Arguments> badTargets() {
      String clean = " is not a clean path (no '//', '.', '..' or trailing '/')";
      return Stream.of(
          Arguments.of("/my kernel", "'/my kernel' contains characters urunc rejects"),
          Arguments.of("/bööt/kernel", "'/bööt/kernel' contains characters urunc rejects"),
          Arguments.of("/boot/kernel;rm", "'/boot/kernel;rm' contains characters urunc rejects"),
          Arguments.of("boot/kernel", "'boot/kernel' is not absolute"),
          Arguments.of(".", "'.' is not absolute"),
          Arguments.of("-kernel", "'-kernel' is not absolute"),
          Arguments.of("/boot/../kernel", "'/boot/../kernel'" + clean),
          Arguments.of("/..", "'/..'" + clean),
          Arguments.of("/./kernel", "'/./kernel'" + clean),
          Arguments.of("/boot//kernel", "'/boot//kernel'" + clean),
          Arguments.of("/boot/", "'/boot/'" + clean),
          Arguments.of("/", "'/' is the image root, not a file"),
          Arguments.of("/" + "k".repeat(4096), "is longer than 4096 bytes"));
    }

    @ParameterizedTest(name = "kernel target {0}")
    @MethodSource("badTargets")
    void badKernelTargetsAreRejected(String target, String message) {
      assertThat(problems(spec().kernelTarget(target))).containsExactly(problem("kernel.target", message, PATH_RULE));
    }

    @ParameterizedTest(name = "rootfs target {0}")
    @MethodSource("badTargets")
    void badRootfsTargetsAreRejected(String target, String message) {
      RootfsSpec r = withTarget(scratch(null, "conf/app.conf:/etc/app.conf"), target);

      assertThat(problems(spec().rootfs(r))).containsExactly(problem("rootfs.target", message, PATH_RULE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/unikraft/bin/kernel", "/.boot/kernel", "/a-b_c.d/E9", "/" + "k"})
    void goodTargetsAreKept(String target) throws Exception {
      assertThat(valid(spec().kernelTarget(target)).kernelTarget()).isEqualTo(target);
    }

    @Test
    void theMaximumLengthIsAccepted() throws Exception {
      String target = "/" + "k".repeat(4095);

      assertThat(valid(spec().kernelTarget(target)).kernelTarget()).isEqualTo(target);
    }

    @Test
    void targetsAreTrimmed() throws Exception {
      assertThat(valid(spec().kernelTarget("  /boot/app ")).kernelTarget()).isEqualTo("/boot/app");
    }

    static Stream<Arguments> badMountPoints() {
      String clean = " is not a clean path (no '//', '.', '..' or trailing '/')";
      return Stream.of(
          Arguments.of("/my data", "'/my data' contains characters urunc rejects"),
          Arguments.of("data", "'data' is not absolute"),
          Arguments.of("/data/../etc", "'/data/../etc'" + clean),
          Arguments.of("/data//x", "'/data//x'" + clean),
          Arguments.of("/data/", "'/data/'" + clean));
    }

    @ParameterizedTest(name = "mount point {0}")
    @MethodSource("badMountPoints")
    void badMountPointsAreRejected(String mountPoint, String message) {
      RootfsSpec r = withMountPoint(localFile("rootfs.img", RootfsType.BLOCK), mountPoint);

      assertThat(problems(spec().platform("linux", "qemu").cmd("/init").rootfs(r)))
          .containsExactly(problem("rootfs.mountPoint", message, PATH_RULE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/data", "/mnt/disk-1"})
    void goodMountPointsAreKept(String mountPoint) throws Exception {
      RootfsSpec r = withMountPoint(localFile("rootfs.img", RootfsType.BLOCK), mountPoint);

      assertThat(valid(spec().platform("linux", "qemu").cmd("/init").rootfs(r)).mountPoint()).isEqualTo(mountPoint);
    }

    @Test
    void onlyABlockRootfsHasAMountPoint() {
      RootfsSpec r = withMountPoint(scratch(null, "conf/app.conf:/etc/app.conf"), "/data");

      assertThat(problems(spec().rootfs(r))).containsExactly(
          problem("rootfs.mountPoint", "only a block rootfs has a mount point", "drop it or use type block"));
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class ProcessAndMetadata {

    @Test
    void aLinuxGuestNeedsACommand() {
      assertThat(problems(spec().platform("linux", "qemu"))).containsExactly(problem("cmd",
          "a linux guest needs a command: urunc starts its first argument as init", "set the command, e.g. /init"));
    }

    @Test
    void anEntrypointIsACommandToo() throws Exception {
      assertThat(valid(spec().platform("linux", "firecracker").entrypoint("/urunit")).entrypoint()).containsExactly("/urunit");
    }

    @Test
    void unikernelsNeedNoCommand() throws Exception {
      assertThat(valid(spec()).cmd()).isEmpty();
    }

    @Test
    void envEntriesMustBeKeyEqualsValue() {
      assertThat(problems(spec().env("A=1", "NOVALUE", "=x", "B=", "C=d=e"))).containsExactly(
          problem("env[1]", "'NOVALUE' is not KEY=VALUE", "write a name, '=' and a value"),
          problem("env[2]", "'=x' is not KEY=VALUE", "write a name, '=' and a value"));
    }

    @Test
    void goodEnvIsKeptInOrder() throws Exception {
      assertThat(valid(spec().env("B=2", "A=1", "EMPTY=")).env()).containsExactly("B=2", "A=1", "EMPTY=");
    }

    static Stream<Arguments> badOverrides() {
      return Stream.of(
          Arguments.of("com.urunc.unikernel.binary", "/bad path", "'/bad path' contains characters urunc rejects", PATH_RULE),
          Arguments.of("com.urunc.unikernel.initrd", "boot/initrd", "'boot/initrd' is not absolute", PATH_RULE),
          Arguments.of("com.urunc.unikernel.block", "/", "'/' is the image root, not a file", PATH_RULE),
          Arguments.of("com.urunc.unikernel.blkMntPoint", "/mnt/", 
              "'/mnt/' is not a clean path (no '//', '.', '..' or trailing '/')", PATH_RULE),
          Arguments.of("com.urunc.unikernel.mountRootfs", "yes", "'yes' is not a boolean", "true or false"),
          Arguments.of("com.urunc.unikernel.useDMBlock", "on", "'on' is not a boolean", "true or false"),
          Arguments.of("com.urunc.unikernel.mountRootfs", " true", "' true' is not a boolean", "true or false"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badOverrides")
    void badUruncAnnotationOverridesAreRejected(String key, String value, String message, String fix) {
      assertThat(problems(spec().annotation(key, value))).containsExactly(problem("annotations." + key, message, fix));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"com.urunc.unikernel.binary", "com.urunc.unikernel.unikernelType",
        "com.urunc.unikernel.hypervisor"})
    void anEmptyOverrideOfAMandatoryKeyIsRejected(String key) {
      assertThat(problems(spec().annotation(key, ""))).singleElement()
          .satisfies(p -> assertThat(p.field()).isEqualTo("annotations." + key));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "com.urunc.unikernel.blkMntPoint, /",
        "com.urunc.unikernel.binary, /unikraft/bin/kernel",
        "com.urunc.unikernel.mountRootfs, TRUE",
        "com.urunc.unikernel.mountRootfs, 0",
        "com.urunc.unikernel.useDMBlock, f",
        "com.urunc.unikernel.mountRootfs, ''",
        "org.example.path, /not checked at all"})
    void goodOverridesAndOtherAnnotationsAreAccepted(String key, String value) throws Exception {
      assertThat(valid(spec().annotation(key, value)).annotations()).containsEntry(key, value);
    }
  }

  // ------------------------------------------------------------------------------------------------

  /** The {@code initrd} goal checks only the includes. */
  @Nested
  class InitrdOnly {

    @Test
    void includesAreResolvedWithoutKernelOrPlatform() throws Exception {
      ImageSpec s = new ImageSpec("initrd spec", null, null, null, scratch(null, "conf:/etc/conf"), null, null, null, null,
          null, null);

      assertThat(SpecValidator.validateInitrd(s, dir)).singleElement().satisfies(inc -> {
        assertThat(inc.source()).isEqualTo(dir.resolve("conf"));
        assertThat(inc.destination()).isEqualTo("/etc/conf");
      });
    }

    @Test
    void nothingToPutInAndAWrongTypeAreBothReported() {
      ImageSpec s = new ImageSpec("initrd spec", null, null, null, scratch(RootfsType.RAW), null, null, null, null, null, null);

      SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validateInitrd(s, dir));

      assertThat(e.getMessage()).isEqualTo("2 problems in initrd spec:\n"
          + "  - rootfs.includes: is empty, so there is nothing to put into the initrd (list files and directories as "
          + "source:destination)\n"
          + "  - rootfs.type: is raw; only an initrd is built by this goal (use type initrd)");
    }
  }

  // ------------------------------------------------------------------------------------------------

  @Nested
  class AllProblemsAtOnce {

    @Test
    void everyProblemIsReportedInOneException() throws Exception {
      ImageSpec s = spec()
          .platform("Unikraft", null)
          .architecture("sparc")
          .kernel("build/missing")
          .kernelTarget("/boot/")
          .rootfs(rootfs("local", null, RootfsType.RAW))
          .env("NOPE")
          .annotation("com.urunc.unikernel.mountRootfs", "maybe")
          .build();

      SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(s, dir));

      assertThat(e.problems()).hasSize(9).containsExactly(
          problem("platform.framework", "'Unikraft' is not a valid name",
              "lowercase letters, digits, '.', '_' and '-'; known: " + KNOWN_FRAMEWORKS),
          problem("platform.monitor", "is required", "one of: " + KNOWN_MONITORS),
          problem("platform.architecture", "'sparc' is not an architecture urunc images run on",
              "accepted: x86_64, amd64, x86 (-> amd64); aarch64, arm64 (-> arm64)"),
          problem("kernel.path", "file '" + dir.resolve("build/missing") + "' does not exist",
              "build the unikernel first or fix the path"),
          problem("kernel.target", "'/boot/' is not a clean path (no '//', '.', '..' or trailing '/')", PATH_RULE),
          problem("rootfs.from", "a raw rootfs cannot come from a local file", "use from scratch with includes"),
          problem("rootfs.path", "is required when the rootfs comes from a local file", "the prebuilt initrd or block image"),
          problem("env[0]", "'NOPE' is not KEY=VALUE", "write a name, '=' and a value"),
          problem("annotations.com.urunc.unikernel.mountRootfs", "'maybe' is not a boolean", "true or false"));
      assertThat(e.getMessage()).startsWith("9 problems in test spec:\n  - platform.framework: 'Unikraft' is not a valid name")
          .contains("\n  - env[0]: 'NOPE' is not KEY=VALUE (write a name, '=' and a value)")
          .endsWith("\n  - annotations.com.urunc.unikernel.mountRootfs: 'maybe' is not a boolean (true or false)");
      assertThat(e.getMessage().split("\n")).hasSize(10);
    }

    @Test
    void anEmptySpecReportsTheThreeRequiredFields() {
      ImageSpec empty = new ImageSpec("empty spec", null, null, null, null, null, null, null, null, null, null);

      SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(empty, dir));

      assertThat(e.getMessage()).isEqualTo("3 problems in empty spec:\n"
          + "  - platform.framework: is required (one of: " + KNOWN_FRAMEWORKS + ")\n"
          + "  - platform.monitor: is required (one of: " + KNOWN_MONITORS + ")\n"
          + "  - kernel.path: is required (the unikernel binary to package, relative to the project directory)");
    }

    @Test
    void aProblemWithoutAFixRendersWithoutParentheses() {
      assertThat(new SpecProblem("cmd", "is odd", "").render(FieldNamer.PLAIN)).isEqualTo("cmd: is odd");
      assertThat(new SpecProblem("cmd", "is odd", null).render(f -> "<" + f + ">")).isEqualTo("<cmd>: is odd");
    }
  }

  @Test
  void theKernelFormatIsDescribed() throws Exception {
    Path k = dir.resolve("k");
    TestSpec.write(k, TestSpec.elf(2, false, 62));
    assertThat(KernelFormat.read(k)).isEqualTo(new KernelFormat("ELF 64-bit x86-64", Optional.of(Architecture.AMD64), true));
    TestSpec.write(k, TestSpec.elf(1, false, 3));
    assertThat(KernelFormat.read(k)).isEqualTo(
        new KernelFormat("ELF 32-bit x86 (i386, e.g. Multiboot)", Optional.of(Architecture.AMD64), true));
    TestSpec.write(k, TestSpec.elf(2, false, 8));
    assertThat(KernelFormat.read(k)).isEqualTo(new KernelFormat("ELF 64-bit machine 8", Optional.empty(), true));
    TestSpec.write(k, TestSpec.bzImage());
    assertThat(KernelFormat.read(k)).isEqualTo(new KernelFormat("Linux x86 bzImage", Optional.of(Architecture.AMD64), true));
    TestSpec.write(k, TestSpec.arm64Image());
    assertThat(KernelFormat.read(k)).isEqualTo(new KernelFormat("Linux arm64 Image", Optional.of(Architecture.ARM64), true));
    TestSpec.write(k, new byte[] {0x7f, 'E', 'L', 'F'});
    assertThat(KernelFormat.read(k).recognised()).isFalse();
  }
}
