package dev.bunny.maven.params;

import java.util.List;

/** {@code <rootfs>}: the guest's root filesystem. */
public class RootfsParams {
  /** initrd, raw, block or none; default: initrd for unikraft, raw otherwise. Property {@code bunny.rootfs.type}. */
  public String type;

  /**
   * scratch (build from includes), local (a prebuilt file) or an image (registry image, {@code
   * oci:<dir>[:tag]}, {@code oci-archive:<file>[:tag]}); default local when a path is given, else scratch.
   */
  public String from;

  /** A prebuilt initrd or block image, relative to the project directory. */
  public String path;

  /** Files and directories to put into the rootfs, as {@code source:destination}. Property {@code bunny.rootfs.includes} (comma-separated). */
  public List<IncludeParams> includes;

  /** Where the initrd or block image goes in the image; default {@code /.boot/rootfs}. */
  public String target;

  /** Where the guest mounts a block image; default {@code /} ({@code /data} for rumprun). */
  public String mountPoint;
}
