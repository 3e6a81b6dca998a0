package dev.bunny.spec;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one model of an image to build. Every input form (POM configuration, bunnyfile, inline
 * bunnyfile, Containerfile) is turned into one of these; everything after that is one code path.
 *
 * @param source describes the input, for messages ({@code POM configuration}, {@code bunnyfile})
 * @param namer names fields in the words of that input form
 * @param platform framework, monitor, version, architecture
 * @param kernel the kernel to package
 * @param rootfs the guest's root filesystem
 * @param entrypoint image config Entrypoint (may be empty)
 * @param cmd image config Cmd, the application's arguments (may be empty)
 * @param env image config Env, {@code KEY=VALUE}
 * @param labels extra image config labels
 * @param annotations extra manifest annotations; {@code com.urunc.unikernel.*} keys override the computed ones everywhere
 * @param files extra files copied into the image rootfs whatever the rootfs type (bunix's {@code files},
 *     a Containerfile's {@code COPY}); the kernel and the rootfs file may be among them
 * @param workingDir image config WorkingDir, null to omit
 * @param user image config User, null to omit
 * @param labelsInUruncJson also put every label into {@code /urunc.json} (bunny's Containerfile rule)
 * @param baseImage the image whose layers the image starts from (a Containerfile's {@code FROM});
 *     null for none. A bunnyfile's raw {@code rootfs.from} image is the base too, set by the validator.
 */
public record ImageSpec(
    String source,
    FieldNamer namer,
    Platform platform,
    KernelSpec kernel,
    RootfsSpec rootfs,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    SortedMap<String, String> labels,
    SortedMap<String, String> annotations,
    List<FileInclude> files,
    String workingDir,
    String user,
    boolean labelsInUruncJson,
    String baseImage) {

  /** A spec without a base image. */
  public ImageSpec(
      String source,
      FieldNamer namer,
      Platform platform,
      KernelSpec kernel,
      RootfsSpec rootfs,
      List<String> entrypoint,
      List<String> cmd,
      List<String> env,
      SortedMap<String, String> labels,
      SortedMap<String, String> annotations,
      List<FileInclude> files,
      String workingDir,
      String user,
      boolean labelsInUruncJson) {
    this(source, namer, platform, kernel, rootfs, entrypoint, cmd, env, labels, annotations, files, workingDir, user,
        labelsInUruncJson, null);
  }

  /** A spec without WorkingDir or User whose labels stay out of {@code /urunc.json}. */
  public ImageSpec(
      String source,
      FieldNamer namer,
      Platform platform,
      KernelSpec kernel,
      RootfsSpec rootfs,
      List<String> entrypoint,
      List<String> cmd,
      List<String> env,
      SortedMap<String, String> labels,
      SortedMap<String, String> annotations,
      List<FileInclude> files) {
    this(source, namer, platform, kernel, rootfs, entrypoint, cmd, env, labels, annotations, files, null, null, false);
  }

  public ImageSpec {
    Objects.requireNonNull(source, "source");
    namer = namer == null ? FieldNamer.PLAIN : namer;
    platform = platform == null ? new Platform(null, null, null, null) : platform;
    rootfs = rootfs == null ? RootfsSpec.absent() : rootfs;
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Collections.emptyMap() : labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Collections.emptyMap() : annotations));
    files = files == null ? List.of() : List.copyOf(files);
    baseImage = baseImage == null || baseImage.isBlank() ? null : baseImage.trim();
  }

  /**
   * bunny's back-compat rule for the deprecated {@code cmdline} string: the arguments are the
   * string split on spaces (runs of whitespace count as one separator here).
   */
  public static List<String> splitCmdline(String cmdline) {
    if (cmdline == null || cmdline.isBlank()) {
      return List.of();
    }
    return List.of(cmdline.trim().split("\\s+"));
  }
}
