package dev.bunny.spec;

import java.util.List;

/**
 * The guest's root filesystem, as bunny's {@code rootfs} block describes it.
 *
 * @param from {@code scratch} (build it from includes), {@code local} (a prebuilt file),
 *     {@link KernelSpec#IN_FILES} (a prebuilt file placed by the spec's files) or an image reference
 * @param path the prebuilt file when {@code from} is {@code local}, its image path when {@code files}
 * @param type initrd, raw, block, none; null means the framework's default
 * @param includes files and directories to put into the rootfs
 * @param target where a rootfs file (initrd or block image) goes in the image; null means {@code /.boot/rootfs}
 * @param mountPoint where the guest mounts a block image; null means {@code /} ({@code /data} for rumprun)
 */
public record RootfsSpec(String from, String path, RootfsType type, List<FileInclude> includes, String target, String mountPoint) {

  public static final String SCRATCH = "scratch";
  public static final String DEFAULT_TARGET = "/.boot/rootfs";

  public RootfsSpec {
    from = from == null || from.isBlank() ? SCRATCH : from.trim();
    includes = includes == null ? List.of() : List.copyOf(includes);
  }

  /** No rootfs block at all. */
  public static RootfsSpec absent() {
    return new RootfsSpec(SCRATCH, null, null, List.of(), null, null);
  }

  public boolean isAbsent() {
    return SCRATCH.equals(from) && path == null && type == null && includes.isEmpty();
  }

  public boolean isLocal() {
    return FileInclude.LOCAL.equals(from);
  }

  public boolean isInFiles() {
    return KernelSpec.IN_FILES.equals(from);
  }

  public boolean isScratch() {
    return SCRATCH.equals(from);
  }
}
