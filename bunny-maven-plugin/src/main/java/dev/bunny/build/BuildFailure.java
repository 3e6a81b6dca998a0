package dev.bunny.build;

/** A problem the user can fix (bad setting, unusable input), reported without a stack trace. */
public class BuildFailure extends Exception {

  private static final long serialVersionUID = 1L;

  public BuildFailure(String message) {
    super(message);
  }
}
