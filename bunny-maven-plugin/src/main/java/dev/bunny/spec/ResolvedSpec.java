package dev.bunny.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * A validated spec with every default applied and every local path resolved: what the image
 * builder works from. Produced only by {@link SpecValidator}.
 *
 * @param rootfsFile the prebuilt initrd or block image, when the rootfs comes from a local file
 * @param rootfsIncludes what to put into a built initrd or a raw rootfs
 * @param rootfsTarget where an initrd or block image goes in the image
 * @param mountPoint where the guest mounts a block image (block only)
 * @param notes things the user should know (defaults picked, risky choices), for the log
 * @param kernelInFiles the kernel is one of {@code files} (no kernel layer of its own)
 * @param rootfsInFiles the initrd or block image is one of {@code files}
 * @param workingDir image config WorkingDir, or null
 * @param user image config User, or null
 * @param labelsInUruncJson every label also goes into {@code /urunc.json}
 * @param images what the build takes from other images (never null)
 */
public record ResolvedSpec(
    String framework,
    String monitor,
    String version,
    Architecture architecture,
    Path kernelFile,
    String kernelTarget,
    RootfsType rootfsType,
    Path rootfsFile,
    List<ResolvedInclude> rootfsIncludes,
    String rootfsTarget,
    String mountPoint,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    SortedMap<String, String> labels,
    SortedMap<String, String> annotations,
    List<ResolvedInclude> files,
    List<String> notes,
    boolean kernelInFiles,
    boolean rootfsInFiles,
    String workingDir,
    String user,
    boolean labelsInUruncJson,
    ImageSources images) {

  public ResolvedSpec {
    images = images == null ? ImageSources.NONE : images;
  }

  /** True when the kernel gets a layer of its own (it is neither among the files nor in the base image). */
  public boolean kernelLayer() {
    return !kernelInFiles && !images.kernelInBase();
  }

  /** This spec with the kernel copied out of its image to {@code file}. */
  public ResolvedSpec withKernelFile(Path file) {
    return new ResolvedSpec(framework, monitor, version, architecture, file, kernelTarget, rootfsType, rootfsFile,
        rootfsIncludes, rootfsTarget, mountPoint, entrypoint, cmd, env, labels, annotations, files, notes, kernelInFiles,
        rootfsInFiles, workingDir, user, labelsInUruncJson, images);
  }

  /** This spec with the prebuilt rootfs file copied out of its image to {@code file}. */
  public ResolvedSpec withRootfsFile(Path file) {
    return new ResolvedSpec(framework, monitor, version, architecture, kernelFile, kernelTarget, rootfsType, file,
        rootfsIncludes, rootfsTarget, mountPoint, entrypoint, cmd, env, labels, annotations, files, notes, kernelInFiles,
        rootfsInFiles, workingDir, user, labelsInUruncJson, images);
  }

  /** This spec with other process settings (a base image's, merged in). */
  public ResolvedSpec withProcess(List<String> newEntrypoint, List<String> newCmd, List<String> newEnv,
      String newWorkingDir, String newUser) {
    return new ResolvedSpec(framework, monitor, version, architecture, kernelFile, kernelTarget, rootfsType, rootfsFile,
        rootfsIncludes, rootfsTarget, mountPoint, newEntrypoint, newCmd, newEnv, labels, annotations, files, notes,
        kernelInFiles, rootfsInFiles, newWorkingDir, newUser, labelsInUruncJson, images);
  }

  /** True when the plugin builds the initrd itself from includes. */
  public boolean buildsInitrd() {
    return rootfsType == RootfsType.INITRD && rootfsFile == null && images.rootfs() == null;
  }

  /**
   * What comes from other images. The kernel and a prebuilt rootfs file are copied out of their
   * image (so {@code kernelFile} and {@code rootfsFile} are null until then); the base image's
   * layers become the first layers of the built image.
   *
   * @param base the image whose layers are the base of a raw rootfs ({@code rootfs.from} with type
   *     raw, or a Containerfile's {@code FROM}); null for none
   * @param baseField the spec field that names the base ({@code rootfs.from} or {@code baseImage}), for messages
   * @param kernel the image holding the kernel at {@code kernelPath}; null when the kernel is local
   * @param kernelPath the kernel's path in that image
   * @param rootfs the image holding a prebuilt initrd or block image at {@code rootfsPath}; null for none
   * @param rootfsPath that file's path in the image
   */
  public record ImageSources(dev.bunny.source.ImageReference base, String baseField,
      dev.bunny.source.ImageReference kernel, String kernelPath, dev.bunny.source.ImageReference rootfs,
      String rootfsPath) {

    public static final ImageSources NONE = new ImageSources(null, null, null, null, null, null);

    /** The kernel stays where it is in the base image: nothing to copy out. */
    public boolean kernelInBase() {
      return kernel != null && kernel.equals(base);
    }

    /** The prebuilt rootfs file is already in the base image: nothing to copy out. */
    public boolean rootfsInBase() {
      return rootfs != null && rootfs.equals(base);
    }

    /** True when nothing comes from an image. */
    public boolean isEmpty() {
      return base == null && kernel == null && rootfs == null;
    }
  }

  /**
   * An include with its source resolved: a local file or directory, or a path in an image.
   *
   * @param origin how to name it in messages ({@code <rootfs><includes><include> conf/:/conf})
   */
  public record ResolvedInclude(Path source, String destination, String origin, Integer mode,
      dev.bunny.source.ImageReference image, String imagePath, boolean base) {
    public ResolvedInclude(Path source, String destination, String origin) {
      this(source, destination, origin, null);
    }

    public ResolvedInclude(Path source, String destination, String origin, Integer mode) {
      this(source, destination, origin, mode, null, null, false);
    }

    /**
     * {@code imagePath} of {@code image}, copied to {@code destination}.
     *
     * @param base whether includes listed after it may replace its files (an image's whole
     *     filesystem as the base of an initrd)
     */
    public static ResolvedInclude fromImage(dev.bunny.source.ImageReference image, String imagePath, String destination,
        String origin, Integer mode, boolean base) {
      return new ResolvedInclude(null, destination, origin, mode, image, imagePath, base);
    }

    public boolean isFromImage() {
      return image != null;
    }
  }
}
