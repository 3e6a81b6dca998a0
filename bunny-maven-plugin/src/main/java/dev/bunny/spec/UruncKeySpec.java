package dev.bunny.spec;

import dev.bunny.urunc.UruncKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the platform, kernel and rootfs of a spec back out of urunc keys: how a Containerfile
 * (whose LABELs carry the keys) and a bunix-style configuration (raw annotations plus files)
 * describe an image. The kernel and the rootfs file are then found among the copied files.
 *
 * @param platform framework, monitor and version from {@code unikernelType}, {@code hypervisor}, {@code unikernelVersion}
 * @param kernel from {@code binary}, placed by the files; null when the key is absent
 * @param rootfs from {@code initrd}, {@code block}/{@code blkMntPoint}, {@code mountRootfs}/{@code useDMBlock}
 * @param notes defaults that were applied, for the log
 */
public record UruncKeySpec(Platform platform, KernelSpec kernel, RootfsSpec rootfs, List<String> notes) {

  /**
   * @param keys the urunc keys as written (labels or annotations)
   * @param bunnyDefaults apply bunny's Containerfile defaults: framework {@code linux}, monitor
   *     {@code qemu}, and {@code mountRootfs} true unless an initrd is set or a block image is
   *     mounted at {@code /}
   */
  public static UruncKeySpec of(Map<String, String> keys, boolean bunnyDefaults) {
    List<String> notes = new ArrayList<>();
    String framework = value(keys, UruncKeys.UNIKERNEL_TYPE);
    if (framework == null && bunnyDefaults) {
      framework = "linux";
      notes.add(UruncKeys.UNIKERNEL_TYPE + " not set: linux (bunny's default)");
    }
    String monitor = value(keys, UruncKeys.HYPERVISOR);
    if (monitor == null && bunnyDefaults) {
      monitor = "qemu";
      notes.add(UruncKeys.HYPERVISOR + " not set: qemu (bunny's default)");
    }
    Platform platform = new Platform(framework, monitor, value(keys, UruncKeys.UNIKERNEL_VERSION), null);

    String binary = value(keys, UruncKeys.BINARY);
    KernelSpec kernel = binary == null ? null : new KernelSpec(KernelSpec.IN_FILES, binary, null);

    String initrd = value(keys, UruncKeys.INITRD);
    String block = value(keys, UruncKeys.BLOCK);
    String mountPoint = value(keys, UruncKeys.BLK_MNT_POINT);
    RootfsSpec rootfs;
    if (initrd != null) {
      rootfs = new RootfsSpec(KernelSpec.IN_FILES, initrd, RootfsType.INITRD, List.of(), null, null);
    } else if (block != null) {
      rootfs = new RootfsSpec(KernelSpec.IN_FILES, block, RootfsType.BLOCK, List.of(), null, mountPoint);
    } else if (mountsRootfs(keys, bunnyDefaults, mountPoint, notes)) {
      rootfs = new RootfsSpec(RootfsSpec.SCRATCH, null, RootfsType.RAW, List.of(), null, null);
    } else {
      rootfs = RootfsSpec.absent();
    }
    return new UruncKeySpec(platform, kernel, rootfs, List.copyOf(notes));
  }

  private static boolean mountsRootfs(Map<String, String> keys, boolean bunnyDefaults, String mountPoint, List<String> notes) {
    String mount = value(keys, UruncKeys.MOUNT_ROOTFS);
    if (mount == null) {
      mount = value(keys, UruncKeys.USE_DM_BLOCK); // urunc before v0.6 spelled it so
    }
    if (mount != null) {
      return "true".equalsIgnoreCase(mount) || "1".equals(mount) || "t".equalsIgnoreCase(mount);
    }
    if (bunnyDefaults && !"/".equals(mountPoint)) {
      notes.add(UruncKeys.MOUNT_ROOTFS + " not set: true, the image rootfs is handed to the guest (bunny's default)");
      return true;
    }
    return false;
  }

  private static String value(Map<String, String> keys, String key) {
    String v = keys.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
