package dev.bunny.maven.params;

/**
 * One {@code <include>} (or {@code <file>}): either the short text form {@code
 * source:destination}, or children naming an image to copy from:
 * {@code <include><from>registry.example/base:1</from><source>/etc/ssl</source><destination>/etc/ssl</destination></include>}.
 */
public class IncludeParams {

  /** {@code local} (the default) or an image reference: registry image, {@code oci:<dir>[:tag]}, {@code oci-archive:<file>[:tag]}. */
  public String from;

  /** The file or directory: relative to the project, or its path in the image. */
  public String source;

  /** Where it goes in the rootfs; default: the source path. */
  public String destination;

  /** The short form as written, or null when children were used. */
  public String text;

  public IncludeParams() {}

  /** The short form {@code source:destination}. */
  public IncludeParams(String text) {
    this.text = text;
  }

  /** Lets {@code <include>src:dst</include>} stand for the short form. */
  public void set(String shortForm) {
    this.text = shortForm;
  }
}
