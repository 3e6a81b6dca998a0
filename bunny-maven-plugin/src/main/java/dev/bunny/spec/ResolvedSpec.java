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
    boolean labelsInUruncJson) {

  /** True when the plugin builds the initrd itself from includes. */
  public boolean buildsInitrd() {
    return rootfsType == RootfsType.INITRD && rootfsFile == null;
  }

  /**
   * A local include with its source resolved.
   *
   * @param origin how to name it in messages ({@code <rootfs><includes><include> conf/:/conf})
   */
  public record ResolvedInclude(Path source, String destination, String origin, Integer mode) {
    public ResolvedInclude(Path source, String destination, String origin) {
      this(source, destination, origin, null);
    }
  }
}
