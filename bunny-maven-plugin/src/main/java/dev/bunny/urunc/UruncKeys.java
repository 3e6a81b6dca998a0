package dev.bunny.urunc;

import java.util.List;

/** The keys urunc reads, as image labels, manifest annotations and {@code /urunc.json} entries. */
public final class UruncKeys {

  public static final String PREFIX = "com.urunc.unikernel.";

  public static final String UNIKERNEL_TYPE = PREFIX + "unikernelType";
  public static final String HYPERVISOR = PREFIX + "hypervisor";
  public static final String BINARY = PREFIX + "binary";
  public static final String CMDLINE = PREFIX + "cmdline";
  public static final String UNIKERNEL_VERSION = PREFIX + "unikernelVersion";
  public static final String INITRD = PREFIX + "initrd";
  public static final String BLOCK = PREFIX + "block";
  public static final String BLK_MNT_POINT = PREFIX + "blkMntPoint";
  /** urunc v0.4 and v0.5 read this one. */
  public static final String USE_DM_BLOCK = PREFIX + "useDMBlock";
  /** urunc v0.6 and later read this one. */
  public static final String MOUNT_ROOTFS = PREFIX + "mountRootfs";

  /** Keys whose values urunc treats as paths and checks against its path rule. */
  public static final List<String> PATH_KEYS = List.of(BINARY, INITRD, BLOCK, BLK_MNT_POINT);

  /** Keys urunc refuses an image without. */
  public static final List<String> MANDATORY_KEYS = List.of(UNIKERNEL_TYPE, HYPERVISOR, BINARY);

  /** Keys urunc parses as booleans (Go ParseBool). */
  public static final List<String> BOOLEAN_KEYS = List.of(USE_DM_BLOCK, MOUNT_ROOTFS);

  /** Where {@code urunc.json} lives in the image rootfs. */
  public static final String URUNC_JSON_PATH = "/urunc.json";

  private UruncKeys() {}

  public static boolean isUruncKey(String key) {
    return key.startsWith(PREFIX);
  }

  /** Go's strconv.ParseBool accepts exactly these. */
  public static boolean isGoBool(String value) {
    return List.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False").contains(value);
  }
}
