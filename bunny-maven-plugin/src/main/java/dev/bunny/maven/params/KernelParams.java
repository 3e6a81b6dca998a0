package dev.bunny.maven.params;

/**
 * {@code <kernel>}: the kernel to package, either as text ({@code <kernel>build/app</kernel>}) or
 * with children ({@code <kernel><path>build/app</path><target>/unikernel/app</target></kernel>}).
 */
public class KernelParams {
  /** The local kernel file, relative to the project directory, or its path in the {@code <from>} image. Property {@code bunny.kernel}. */
  public String path;

  /**
   * {@code local} (the default) or an image holding the kernel at {@code <path>}: a registry image,
   * {@code oci:<dir>[:tag]} or {@code oci-archive:<file>[:tag]}. Property {@code bunny.kernel.from}.
   */
  public String from;

  /** Where the kernel goes in the image; default {@code /.boot/kernel}. */
  public String target;

  /** Lets {@code <kernel>file</kernel>} stand for {@code <kernel><path>file</path></kernel>}. */
  public void set(String path) {
    this.path = path;
  }
}
