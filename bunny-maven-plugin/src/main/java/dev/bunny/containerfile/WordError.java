package dev.bunny.containerfile;

/**
 * A problem inside one instruction, thrown by the lexing helpers and turned into a
 * {@link dev.bunny.spec.SpecProblem} at the instruction's position by the parser. Never leaves
 * this package.
 */
final class WordError extends Exception {

  private static final long serialVersionUID = 1L;

  private final String fix;

  WordError(String message, String fix) {
    super(message, null, false, false);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
