package dev.bunny.fs;

/** A user-fixable problem with the files that should go into a tree (missing source, escape, conflict). */
public class TreeException extends Exception {

  private static final long serialVersionUID = 1L;

  public TreeException(String message) {
    super(message);
  }
}
