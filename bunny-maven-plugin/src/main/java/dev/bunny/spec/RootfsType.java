package dev.bunny.spec;

import java.util.Locale;
import java.util.Optional;

/** How the guest gets its root filesystem (bunny's {@code rootfs.type}, plus "none"). */
public enum RootfsType {
  /** An uncompressed newc cpio the guest unpacks into RAM (urunc {@code initrd} key). */
  INITRD,
  /** Files copied into the image rootfs, which urunc hands to the guest ({@code mountRootfs=true}). */
  RAW,
  /** A prebuilt block image in the image rootfs (urunc {@code block} + {@code blkMntPoint}). */
  BLOCK,
  /** The guest has no rootfs. */
  NONE;

  public static final String ACCEPTED = "initrd, raw, block, none";

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RootfsType> parse(String text) {
    for (RootfsType t : values()) {
      if (t.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
