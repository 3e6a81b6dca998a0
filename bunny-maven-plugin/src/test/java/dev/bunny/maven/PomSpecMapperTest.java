package dev.bunny.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.build.BuildFailure;
import dev.bunny.maven.PomSpecMapper.PomContent;
import dev.bunny.maven.params.IncludeParams;
import dev.bunny.maven.params.KernelParams;
import dev.bunny.maven.params.PlatformParams;
import dev.bunny.maven.params.RootfsParams;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POM parameters plus {@code -D} properties into the one spec. */
class PomSpecMapperTest {

  private final Map<String, String> properties = new HashMap<>();
  private PomContent pom;

  @BeforeEach
  void unikraftOnQemu() {
    pom = new PomContent();
    pom.platform = new PlatformParams();
    pom.platform.framework = "unikraft";
    pom.platform.monitor = "qemu";
    pom.platform.version = "0.18.0";
    pom.platform.architecture = "x86_64";
    pom.kernel = new KernelParams();
    pom.kernel.set("build/app");
  }

  private ImageSpec map() throws BuildFailure {
    return new PomSpecMapper(properties::get).map(pom);
  }

  private String failure() {
    return assertThrows(BuildFailure.class, this::map).getMessage();
  }

  private static RootfsParams rootfs(String... includes) {
    RootfsParams r = new RootfsParams();
    r.includes = includes.length == 0 ? null : java.util.Arrays.stream(includes).map(IncludeParams::new).toList();
    return r;
  }

  // --- platform and kernel ----------------------------------------------------------------------

  @Test
  void pomValuesAreTakenAsWritten() throws Exception {
    ImageSpec s = map();

    assertThat(s.source()).isEqualTo("the bunny-maven-plugin configuration");
    assertThat(s.platform().framework()).isEqualTo("unikraft");
    assertThat(s.platform().monitor()).isEqualTo("qemu");
    assertThat(s.platform().version()).isEqualTo("0.18.0");
    assertThat(s.platform().architecture()).isEqualTo("x86_64");
    assertThat(s.kernel().path()).isEqualTo("build/app");
    assertThat(s.kernel().isLocal()).isTrue();
    assertThat(s.kernel().target()).isNull();
    assertThat(s.rootfs().isAbsent()).isTrue();
  }

  @ParameterizedTest(name = "-D{0}={1}")
  @CsvSource({
      "bunny.platform.framework, linux",
      "bunny.platform.monitor, firecracker",
      "bunny.platform.version, 0.19.1",
      "bunny.platform.architecture, arm64",
      "bunny.kernel, target/other-kernel"})
  void propertiesOverridePomValues(String property, String value) throws Exception {
    properties.put(property, value);

    ImageSpec s = map();

    String actual = switch (property) {
      case "bunny.platform.framework" -> s.platform().framework();
      case "bunny.platform.monitor" -> s.platform().monitor();
      case "bunny.platform.version" -> s.platform().version();
      case "bunny.platform.architecture" -> s.platform().architecture();
      default -> s.kernel().path();
    };
    assertThat(actual).isEqualTo(value);
  }

  @Test
  void propertiesFillInWhatThePomLeavesOut() throws Exception {
    pom.platform = null;
    pom.kernel = null;
    properties.put("bunny.platform.framework", "mewz");
    properties.put("bunny.platform.monitor", "qemu");
    properties.put("bunny.kernel", "mewz.elf");

    ImageSpec s = map();

    assertThat(s.platform().framework()).isEqualTo("mewz");
    assertThat(s.platform().monitor()).isEqualTo("qemu");
    assertThat(s.platform().version()).isNull();
    assertThat(s.kernel().path()).isEqualTo("mewz.elf");
  }

  @Test
  void aKernelPropertyKeepsThePomTarget() throws Exception {
    pom.kernel.target = "/unikernel/app";
    properties.put("bunny.kernel", "other");

    assertThat(map().kernel()).satisfies(k -> {
      assertThat(k.path()).isEqualTo("other");
      assertThat(k.target()).isEqualTo("/unikernel/app");
    });
  }

  // --- command line -----------------------------------------------------------------------------

  @Test
  void cmdlineIsSplitOnWhitespace() throws Exception {
    pom.cmdline = "\n      -c   /nginx/conf/nginx.conf\t-g daemon\n    ";

    assertThat(map().cmd()).containsExactly("-c", "/nginx/conf/nginx.conf", "-g", "daemon");
  }

  @Test
  void theCmdlinePropertyOverridesThePomCmdline() throws Exception {
    pom.cmdline = "from pom";
    properties.put("bunny.cmdline", "from  command line");

    assertThat(map().cmd()).containsExactly("from", "command", "line");
  }

  @Test
  void cmdIsKeptAsGivenWithSpacesInsideArguments() throws Exception {
    pom.cmd = List.of("--greeting", "hello world");
    pom.entrypoint = List.of("/bin/app");

    ImageSpec s = map();

    assertThat(s.cmd()).containsExactly("--greeting", "hello world");
    assertThat(s.entrypoint()).containsExactly("/bin/app");
  }

  @Test
  void aBlankCmdlineIsNoCmdline() throws Exception {
    pom.cmdline = "   ";
    pom.cmd = List.of("-v");

    assertThat(map().cmd()).containsExactly("-v");
  }

  @Test
  void cmdlineAndCmdTogetherFailNamingBoth() {
    pom.cmdline = "-c /etc/app.conf";
    pom.cmd = List.of("-c", "/etc/app.conf");

    assertThat(failure()).isEqualTo("1 problem in the bunny-maven-plugin configuration:\n"
        + "  - <cmdline> and <cmd> both set the command; keep one (<cmd> for arguments with spaces)");
  }

  // --- env, labels, annotations -----------------------------------------------------------------

  @Test
  void envBecomesSortedKeyValuePairs() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZONE", "eu");
    env.put("EMPTY", null);
    env.put("A", "1=2");
    pom.env = env;

    assertThat(map().env()).containsExactly("A=1=2", "EMPTY=", "ZONE=eu");
  }

  @Test
  void labelsAndAnnotationsAreCopiedWithNullsAsEmpty() throws Exception {
    pom.labels = new HashMap<>(Map.of("team", "edge"));
    pom.labels.put("empty", null);
    pom.annotations = new HashMap<>(Map.of("org.opencontainers.image.description", "hello"));

    ImageSpec s = map();

    assertThat(s.labels()).containsExactly(Map.entry("empty", ""), Map.entry("team", "edge"));
    assertThat(s.annotations()).containsExactly(Map.entry("org.opencontainers.image.description", "hello"));
  }

  // --- rootfs -----------------------------------------------------------------------------------

  @Test
  void noRootfsElementAndNoPropertiesIsNoRootfs() throws Exception {
    assertThat(map().rootfs()).isEqualTo(RootfsSpec.absent());
  }

  @Test
  void includesAreParsedWithTheirPomIndex() throws Exception {
    pom.rootfs = rootfs("conf/:/conf", " site : /www ", "redis.conf");

    RootfsSpec r = map().rootfs();

    assertThat(r.from()).isEqualTo("scratch");
    assertThat(r.type()).isNull();
    assertThat(r.includes()).containsExactly(
        new FileInclude("local", "conf/", "/conf", "rootfs.includes[0]"),
        new FileInclude("local", "site", "/www", "rootfs.includes[1]"),
        new FileInclude("local", "redis.conf", "redis.conf", "rootfs.includes[2]"));
  }

  @Test
  void aRootfsPathImpliesFromLocal() throws Exception {
    pom.rootfs = rootfs();
    pom.rootfs.path = "build/initrd.cpio";

    RootfsSpec r = map().rootfs();

    assertThat(r.from()).isEqualTo("local");
    assertThat(r.path()).isEqualTo("build/initrd.cpio");
  }

  @Test
  void anExplicitFromIsKeptEvenWithAPath() throws Exception {
    pom.rootfs = rootfs();
    pom.rootfs.from = " scratch ";
    pom.rootfs.path = "build/initrd.cpio";

    assertThat(map().rootfs().from()).isEqualTo("scratch");
  }

  @Test
  void blankRootfsFieldsAreUnset() throws Exception {
    pom.rootfs = rootfs("a:/a");
    pom.rootfs.from = " ";
    pom.rootfs.path = "";
    pom.rootfs.target = "  ";
    pom.rootfs.mountPoint = "";

    RootfsSpec r = map().rootfs();

    assertThat(r.from()).isEqualTo("scratch");
    assertThat(r.path()).isNull();
    assertThat(r.target()).isNull();
    assertThat(r.mountPoint()).isNull();
  }

  @Test
  void targetAndMountPointAreTrimmed() throws Exception {
    pom.rootfs = rootfs();
    pom.rootfs.path = "disk.img";
    pom.rootfs.type = "block";
    pom.rootfs.target = " /disk.img ";
    pom.rootfs.mountPoint = " /data ";

    RootfsSpec r = map().rootfs();

    assertThat(r.type()).isEqualTo(RootfsType.BLOCK);
    assertThat(r.target()).isEqualTo("/disk.img");
    assertThat(r.mountPoint()).isEqualTo("/data");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"initrd, INITRD", "RAW, RAW", "' Block ', BLOCK", "none, NONE"})
  void rootfsTypesAreParsedIgnoringCase(String text, RootfsType type) throws Exception {
    pom.rootfs = rootfs("a:/a");
    pom.rootfs.type = text;

    assertThat(map().rootfs().type()).isEqualTo(type);
  }

  @Test
  void aBadRootfsTypeIsReportedWithTheAcceptedOnes() {
    pom.rootfs = rootfs("a:/a");
    pom.rootfs.type = "squashfs";

    assertThat(failure()).isEqualTo("1 problem in the bunny-maven-plugin configuration:\n"
        + "  - <rootfs><type> (-Dbunny.rootfs.type): 'squashfs' is not a rootfs type (accepted: initrd, raw, block, none)");
  }

  @Test
  void theTypePropertyOverridesThePomType() throws Exception {
    pom.rootfs = rootfs("a:/a");
    pom.rootfs.type = "initrd";
    properties.put("bunny.rootfs.type", "raw");

    assertThat(map().rootfs().type()).isEqualTo(RootfsType.RAW);
  }

  @Test
  void theTypePropertyAloneCreatesARootfs() throws Exception {
    properties.put("bunny.rootfs.type", "none");

    RootfsSpec r = map().rootfs();

    assertThat(r.type()).isEqualTo(RootfsType.NONE);
    assertThat(r.isAbsent()).isFalse();
  }

  @Test
  void theIncludesPropertyIsACommaListThatReplacesThePomIncludes() throws Exception {
    pom.rootfs = rootfs("pom.conf:/pom.conf");
    properties.put("bunny.rootfs.includes", "conf/:/conf, site:/www ,redis.conf");

    assertThat(map().rootfs().includes()).containsExactly(
        new FileInclude("local", "conf/", "/conf", "rootfs.includes[0]"),
        new FileInclude("local", "site", "/www", "rootfs.includes[1]"),
        new FileInclude("local", "redis.conf", "redis.conf", "rootfs.includes[2]"));
  }

  @Test
  void theIncludesPropertyWorksWithoutARootfsElement() throws Exception {
    properties.put("bunny.rootfs.includes", "app.conf:/etc/app.conf");

    RootfsSpec r = map().rootfs();

    assertThat(r.from()).isEqualTo("scratch");
    assertThat(r.includes()).containsExactly(new FileInclude("local", "app.conf", "/etc/app.conf", "rootfs.includes[0]"));
  }

  @Test
  void anIncludeWithoutSourceIsNamedByItsPomPosition() {
    pom.rootfs = rootfs("a:/a", ":/etc/app.conf");

    assertThat(failure()).isEqualTo("1 problem in the bunny-maven-plugin configuration:\n"
        + "  - <rootfs><includes><include> #2: ':/etc/app.conf' has an empty source; write it as source:destination, "
        + "e.g. redis.conf:/conf/redis.conf");
  }

  @Test
  void filesAreParsedLikeIncludes() throws Exception {
    pom.files = List.of(new IncludeParams("urunc-extra.json:/etc/extra.json"));

    assertThat(map().files()).containsExactly(new FileInclude("local", "urunc-extra.json", "/etc/extra.json", "files[0]"));

    pom.files = List.of(new IncludeParams(":/x"));
    assertThat(failure()).endsWith("  - <files><file> #1: ':/x' has an empty source; write it as source:destination, "
        + "e.g. redis.conf:/conf/redis.conf");
  }

  @Test
  void includesAndTheKernelCanComeFromImages() throws Exception {
    IncludeParams fromImage = new IncludeParams();
    fromImage.from = "oci:target/base:1";
    fromImage.source = "/etc/ssl";
    IncludeParams local = new IncludeParams("app.conf:/etc/app.conf");
    pom.rootfs = new RootfsParams();
    pom.rootfs.includes = List.of(fromImage, local);
    pom.kernel.from = "registry.example.com/kernels/app:1";

    ImageSpec s = map();

    assertThat(s.rootfs().includes()).containsExactly(
        new FileInclude("oci:target/base:1", "/etc/ssl", "/etc/ssl", "rootfs.includes[0]"),
        new FileInclude("local", "app.conf", "/etc/app.conf", "rootfs.includes[1]"));
    assertThat(s.kernel().from()).isEqualTo("registry.example.com/kernels/app:1");
    properties.put("bunny.kernel.from", "oci-archive:k.tar");
    assertThat(map().kernel().from()).isEqualTo("oci-archive:k.tar");
  }

  @Test
  void everyShapeProblemIsReportedAtOnce() {
    pom.rootfs = rootfs("ok:/ok", ":/x");
    pom.rootfs.type = "squashfs";
    pom.cmdline = "-v";
    pom.cmd = List.of("-v");

    assertThat(failure()).isEqualTo("3 problems in the bunny-maven-plugin configuration:\n"
        + "  - <rootfs><type> (-Dbunny.rootfs.type): 'squashfs' is not a rootfs type (accepted: initrd, raw, block, none)\n"
        + "  - <rootfs><includes><include> #2: ':/x' has an empty source; write it as source:destination, "
        + "e.g. redis.conf:/conf/redis.conf\n"
        + "  - <cmdline> and <cmd> both set the command; keep one (<cmd> for arguments with spaces)");
  }

  // --- end to end with the validator ------------------------------------------------------------

  @Test
  void validatorProblemsAreNamedAsPomElements(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("app.conf"), "x");
    pom.kernel.set("build/missing");
    pom.platform.monitor = "hvt";
    pom.rootfs = rootfs("app.conf:/etc/app.conf", "missing:/x");
    pom.annotations = Map.of("com.urunc.unikernel.binary", "/bad path");
    ImageSpec spec = map();

    SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec, dir));

    assertThat(e.getMessage()).isEqualTo("4 problems in the bunny-maven-plugin configuration:\n"
        + "  - <platform><monitor> (-Dbunny.platform.monitor): urunc cannot run unikraft on 'hvt' "
        + "(urunc runs unikraft on: qemu, firecracker, hyperlight-unikraft)\n"
        + "  - <kernel> (-Dbunny.kernel): file '" + dir.resolve("build/missing") + "' does not exist "
        + "(build the unikernel first or fix the path)\n"
        + "  - <rootfs><includes><include> #2: source '" + dir.resolve("missing") + "' does not exist "
        + "(paths are relative to the project directory)\n"
        + "  - <annotations><com.urunc.unikernel.binary>: '/bad path' contains characters urunc rejects "
        + "(urunc accepts absolute, clean paths of letters, digits and . _ / - only, at most 4096 bytes)");
  }
}
