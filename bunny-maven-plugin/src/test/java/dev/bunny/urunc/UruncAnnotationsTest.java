package dev.bunny.urunc;

import static dev.bunny.spec.TestSpec.localFile;
import static dev.bunny.spec.TestSpec.scratch;
import static dev.bunny.spec.TestSpec.spec;
import static dev.bunny.spec.TestSpec.withMountPoint;
import static dev.bunny.spec.TestSpec.withTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecValidator;
import dev.bunny.spec.TestSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bunny's {@code SetAnnotations} rules (facts §2.6), written the same way three times. */
class UruncAnnotationsTest {

  private static final String P = "com.urunc.unikernel.";

  @TempDir Path dir;

  @BeforeEach
  void writeInputs() throws Exception {
    TestSpec.write(dir.resolve("kernel"), "stub kernel, format unknown");
    TestSpec.write(dir.resolve("conf/app.conf"), "port=80\n");
    TestSpec.write(dir.resolve("disk.ext2"), new byte[1024]);
  }

  private UruncAnnotations of(TestSpec s) throws Exception {
    return UruncAnnotations.of(SpecValidator.validate(s.build(), dir));
  }

  private static SortedMap<String, String> map(String... keyValues) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(P + keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void withoutRootfsOnlyTheMandatoryKeysAndBothBooleansFalse() throws Exception {
    UruncAnnotations a = of(spec());

    assertThat(a.urunc()).isEqualTo(map(
        "unikernelType", "unikraft",
        "hypervisor", "qemu",
        "binary", "/.boot/kernel",
        "cmdline", "",
        "mountRootfs", "false",
        "useDMBlock", "false"));
  }

  @Test
  void theVersionIsWrittenOnlyWhenSet() throws Exception {
    assertThat(of(spec().version("0.18.0")).urunc()).containsEntry(P + "unikernelVersion", "0.18.0");
    assertThat(of(spec().version(" ")).urunc()).doesNotContainKey(P + "unikernelVersion");
  }

  @Test
  void anInitrdIsNamedByItsPathInTheImage() throws Exception {
    UruncAnnotations a = of(spec().rootfs(scratch(null, "conf/app.conf:/etc/app.conf")).cmd("/app"));

    assertThat(a.urunc()).isEqualTo(map(
        "unikernelType", "unikraft",
        "hypervisor", "qemu",
        "binary", "/.boot/kernel",
        "cmdline", "/app",
        "initrd", "/.boot/rootfs",
        "mountRootfs", "false",
        "useDMBlock", "false"));
  }

  @Test
  void customTargetsAreWhatUruncIsTold() throws Exception {
    UruncAnnotations a = of(spec().kernelTarget("/unikraft/bin/kernel")
        .rootfs(withTarget(localFile("disk.ext2", RootfsType.INITRD), "/unikraft/bin/initrd")));

    assertThat(a.urunc())
        .containsEntry(P + "binary", "/unikraft/bin/kernel")
        .containsEntry(P + "initrd", "/unikraft/bin/initrd");
  }

  @Test
  void aBlockImageMountsAtRoot() throws Exception {
    UruncAnnotations a = of(spec().platform("linux", "qemu").cmd("/sbin/init")
        .rootfs(localFile("disk.ext2", RootfsType.BLOCK)));

    assertThat(a.urunc()).isEqualTo(map(
        "unikernelType", "linux",
        "hypervisor", "qemu",
        "binary", "/.boot/kernel",
        "cmdline", "/sbin/init",
        "block", "/.boot/rootfs",
        "blkMntPoint", "/",
        "mountRootfs", "false",
        "useDMBlock", "false"));
  }

  @Test
  void rumprunMountsItsBlockImageAtData() throws Exception {
    UruncAnnotations a = of(spec().platform("rumprun", "hvt").rootfs(localFile("disk.ext2", null)));

    assertThat(a.urunc())
        .containsEntry(P + "block", "/.boot/rootfs")
        .containsEntry(P + "blkMntPoint", "/data")
        .doesNotContainKey(P + "initrd");
  }

  @Test
  void anExplicitMountPointIsUsed() throws Exception {
    UruncAnnotations a = of(spec().platform("linux", "firecracker").cmd("/init")
        .rootfs(withMountPoint(localFile("disk.ext2", RootfsType.BLOCK), "/mnt/data")));

    assertThat(a.urunc()).containsEntry(P + "blkMntPoint", "/mnt/data");
  }

  @Test
  void aRawRootfsSetsBothMountBooleansAndNoRootfsFile() throws Exception {
    UruncAnnotations a = of(spec().platform("linux", "qemu").cmd("/init").rootfs(scratch(null, "conf/app.conf:/etc/app.conf")));

    assertThat(a.urunc()).isEqualTo(map(
        "unikernelType", "linux",
        "hypervisor", "qemu",
        "binary", "/.boot/kernel",
        "cmdline", "/init",
        "mountRootfs", "true",
        "useDMBlock", "true"));
  }

  @Test
  void anExplicitNoneRootfsAddsNoRootfsKeys() throws Exception {
    assertThat(of(spec().rootfs(scratch(RootfsType.NONE))).urunc()).containsOnlyKeys(
        P + "unikernelType", P + "hypervisor", P + "binary", P + "cmdline", P + "mountRootfs", P + "useDMBlock");
  }

  @Test
  void theCmdlineIsEntrypointThenCmdJoinedBySpaces() throws Exception {
    UruncAnnotations a = of(spec().entrypoint("/bin/redis-server", "--protected-mode").cmd("no", "/data/redis.conf"));

    assertThat(a.urunc()).containsEntry(P + "cmdline", "/bin/redis-server --protected-mode no /data/redis.conf");
  }

  @Test
  void theCmdlineIsCmdAloneWithoutEntrypoint() throws Exception {
    assertThat(of(spec().cmd("-c", "/nginx/conf/nginx.conf")).urunc())
        .containsEntry(P + "cmdline", "-c /nginx/conf/nginx.conf");
  }

  @Test
  void aUserAnnotationWithAUruncKeyOverridesEverywhere() throws Exception {
    UruncAnnotations a = of(spec().cmd("-v")
        .annotation(P + "cmdline", "netdev.ip=10.0.0.2/24 -- -v")
        .annotation(P + "solo5NetDev", "tap0"));

    for (Map<String, String> m : List.of(a.urunc(), a.labels(), a.annotations())) {
      assertThat(m)
          .containsEntry(P + "cmdline", "netdev.ip=10.0.0.2/24 -- -v")
          .containsEntry(P + "solo5NetDev", "tap0")
          .containsEntry(P + "hypervisor", "qemu");
    }
  }

  @Test
  void aUruncKeyOverrideWithoutValueIsEmptyEverywhere() throws Exception {
    UruncAnnotations a = of(spec().annotation(P + "mountRootfs", null));

    assertThat(a.urunc()).containsEntry(P + "mountRootfs", "");
    assertThat(a.labels()).containsEntry(P + "mountRootfs", "");
    assertThat(a.annotations()).containsEntry(P + "mountRootfs", "");
  }

  @Test
  void userLabelsGoOnlyIntoLabels() throws Exception {
    UruncAnnotations a = of(spec().label("org.opencontainers.image.source", "https://example.com/app"));

    assertThat(a.labels()).containsEntry("org.opencontainers.image.source", "https://example.com/app");
    assertThat(a.annotations()).doesNotContainKey("org.opencontainers.image.source");
    assertThat(a.urunc()).doesNotContainKey("org.opencontainers.image.source");
  }

  @Test
  void userAnnotationsWithOtherKeysGoOnlyIntoAnnotations() throws Exception {
    UruncAnnotations a = of(spec().annotation("org.opencontainers.image.description", "hello"));

    assertThat(a.annotations()).containsEntry("org.opencontainers.image.description", "hello");
    assertThat(a.labels()).doesNotContainKey("org.opencontainers.image.description");
    assertThat(a.urunc()).doesNotContainKey("org.opencontainers.image.description");
  }

  @Test
  void aUserLabelCannotContradictTheComputedUruncKeys() throws Exception {
    UruncAnnotations a = of(spec().label(P + "hypervisor", "firecracker"));

    assertThat(a.labels()).containsEntry(P + "hypervisor", "qemu");
    assertThat(a.urunc()).containsEntry(P + "hypervisor", "qemu");
  }

  @Test
  void theThreeCopiesAgreeOnEveryUruncKey() throws Exception {
    UruncAnnotations a = of(spec().version("0.18.0").cmd("/app")
        .rootfs(scratch(null, "conf/app.conf:/etc/app.conf"))
        .label("team", "edge").annotation("note", "x").annotation(P + "unikernelVersion", "0.19.0"));

    assertThat(a.labels()).containsAllEntriesOf(a.urunc()).containsOnlyKeys(keysPlus(a.urunc(), "team"));
    assertThat(a.annotations()).containsAllEntriesOf(a.urunc()).containsOnlyKeys(keysPlus(a.urunc(), "note"));
    assertThat(a.urunc()).containsEntry(P + "unikernelVersion", "0.19.0")
        .allSatisfy((k, v) -> assertThat(k).startsWith(P));
  }

  @Test
  void uruncJsonHoldsTheUruncKeysOnlyByDefault() throws Exception {
    UruncAnnotations a = of(spec().label("team", "edge").annotation("note", "x"));

    assertThat(a.uruncJson()).isEqualTo(a.urunc());
  }

  @Test
  void withTheContainerfileRuleUruncJsonAlsoHoldsEveryLabelButComputedKeysWin() throws Exception {
    UruncAnnotations a = of(spec().labelsInUruncJson().label("team", "edge").label(P + "hypervisor", "firecracker"));

    SortedMap<String, String> expected = new TreeMap<>(a.urunc());
    expected.put("team", "edge");
    assertThat(a.uruncJson()).isEqualTo(expected);
    assertThat(a.uruncJson()).containsEntry(P + "hypervisor", "qemu");
    assertThat(a.urunc()).doesNotContainKey("team");
  }

  @Test
  void theMapsAreReadOnly() throws Exception {
    UruncAnnotations a = of(spec());

    assertThrows(UnsupportedOperationException.class, () -> a.urunc().put(P + "binary", "/x"));
    assertThrows(UnsupportedOperationException.class, () -> a.labels().put("x", "y"));
    assertThrows(UnsupportedOperationException.class, () -> a.annotations().clear());
  }

  @Test
  void keysAreOrdered() throws Exception {
    assertThat(of(spec()).urunc().keySet()).containsExactly(
        P + "binary", P + "cmdline", P + "hypervisor", P + "mountRootfs", P + "unikernelType", P + "useDMBlock");
    assertThat(of(spec().label("a", "1")).labels().firstKey()).isEqualTo("a");
  }

  private static String[] keysPlus(Map<String, String> m, String extra) {
    String[] keys = m.keySet().toArray(new String[m.size() + 1]);
    keys[m.size()] = extra;
    return keys;
  }
}
