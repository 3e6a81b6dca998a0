package dev.bunny.maven.params;

/** {@code <platform>}: where the image runs. */
public class PlatformParams {
  /** Guest framework: unikraft, rumprun, mirage, mewz, linux, hermit. Property {@code bunny.platform.framework}. */
  public String framework;

  /** Monitor urunc starts the guest with: qemu, firecracker, hvt, spt, ... Property {@code bunny.platform.monitor}. */
  public String monitor;

  /** Framework version (urunc {@code unikernelVersion}). Property {@code bunny.platform.version}. */
  public String version;

  /** x86_64/amd64 or aarch64/arm64; default: read from the kernel. Property {@code bunny.platform.architecture}. */
  public String architecture;
}
