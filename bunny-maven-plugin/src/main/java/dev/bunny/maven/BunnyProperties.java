package dev.bunny.maven;

/** Every {@code -D} property the plugin reads, in one place (the README table lists the same). */
public final class BunnyProperties {

  public static final String SKIP = "bunny.skip";
  public static final String BUILD_SKIP = "bunny.build.skip";
  public static final String INITRD_SKIP = "bunny.initrd.skip";
  public static final String INSPECT_SKIP = "bunny.inspect.skip";

  public static final String IMAGE = "bunny.image";
  public static final String TAGS = "bunny.tags";

  public static final String PLATFORM_FRAMEWORK = "bunny.platform.framework";
  public static final String PLATFORM_MONITOR = "bunny.platform.monitor";
  public static final String PLATFORM_VERSION = "bunny.platform.version";
  public static final String PLATFORM_ARCHITECTURE = "bunny.platform.architecture";
  public static final String KERNEL = "bunny.kernel";
  public static final String ROOTFS_TYPE = "bunny.rootfs.type";
  public static final String KERNEL_FROM = "bunny.kernel.from";
  public static final String CACHE_DIRECTORY = "bunny.cacheDirectory";
  public static final String ROOTFS_INCLUDES = "bunny.rootfs.includes";
  public static final String CMDLINE = "bunny.cmdline";
  public static final String BUNNYFILE = "bunny.bunnyfile";
  public static final String CONTAINERFILE = "bunny.containerfile";

  public static final String OUTPUT_TIMESTAMP = "bunny.outputTimestamp";
  public static final String LAYOUT_DIRECTORY = "bunny.layoutDirectory";
  public static final String ARCHIVE_FILE = "bunny.archiveFile";
  public static final String DIGEST_FILE = "bunny.digestFile";
  public static final String INITRD_FILE = "bunny.initrdFile";
  public static final String ATTACH = "bunny.attach";
  public static final String CLASSIFIER = "bunny.classifier";
  public static final String LAYER_COMPRESSION = "bunny.layerCompression";
  public static final String FORCE = "bunny.force";
  public static final String INSPECT_PATH = "bunny.inspect.path";

  public static final String RUN_SKIP = "bunny.run.skip";
  public static final String RUN_TAG = "bunny.run.tag";
  public static final String RUN_TIMEOUT = "bunny.run.timeout";
  public static final String RUN_MEMORY = "bunny.run.memory";
  public static final String RUN_QEMU = "bunny.run.qemu";
  public static final String RUN_ACCEL = "bunny.run.accel";
  public static final String RUN_FAIL_ON_TIMEOUT = "bunny.run.failOnTimeout";
  public static final String RUN_CONSOLE_LOG = "bunny.run.consoleLog";

  public static final String PUSH_SKIP = "bunny.push.skip";
  public static final String PUSH = "bunny.push";
  public static final String AUTH_USERNAME = "bunny.auth.username";
  public static final String AUTH_PASSWORD = "bunny.auth.password";
  public static final String INSECURE_REGISTRIES = "bunny.insecureRegistries";

  private BunnyProperties() {}
}
