package dev.bunny.spec;

/**
 * The unikernel or guest kernel to package.
 *
 * @param from {@code local}, {@link #IN_FILES} (the kernel is one of the spec's files, as in a
 *     Containerfile), or an image reference (needs registry support)
 * @param path the local file (relative to the project), or its path in the image
 * @param target where the kernel goes in the image rootfs; null means {@code /.boot/kernel}
 */
public record KernelSpec(String from, String path, String target) {

  public static final String DEFAULT_TARGET = "/.boot/kernel";

  /** The kernel is placed by the spec's files; {@code path} is where, in the image. */
  public static final String IN_FILES = "files";

  public KernelSpec {
    from = from == null || from.isBlank() ? FileInclude.LOCAL : from.trim();
  }

  public boolean isLocal() {
    return FileInclude.LOCAL.equals(from);
  }

  public boolean isInFiles() {
    return IN_FILES.equals(from);
  }
}
