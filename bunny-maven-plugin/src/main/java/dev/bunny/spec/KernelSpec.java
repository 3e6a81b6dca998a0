package dev.bunny.spec;

/**
 * The unikernel or guest kernel to package.
 *
 * @param from {@code local}, or an image reference (needs registry support)
 * @param path the local file (relative to the project) or the path inside that image
 * @param target where the kernel goes in the image rootfs; null means {@code /.boot/kernel}
 */
public record KernelSpec(String from, String path, String target) {

  public static final String DEFAULT_TARGET = "/.boot/kernel";

  public KernelSpec {
    from = from == null || from.isBlank() ? FileInclude.LOCAL : from.trim();
  }

  public boolean isLocal() {
    return FileInclude.LOCAL.equals(from);
  }
}
