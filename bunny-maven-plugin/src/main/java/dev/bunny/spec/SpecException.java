package dev.bunny.spec;

import java.util.List;

/** Every problem found in a spec at once; the message lists them all, one per line. */
public class SpecException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<SpecProblem> problems;

  public SpecException(String source, List<SpecProblem> problems, FieldNamer namer) {
    super(render(source, problems, namer));
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String render(String source, List<SpecProblem> problems, FieldNamer namer) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in ").append(source).append(':');
    for (SpecProblem p : problems) {
      sb.append("\n  - ").append(p.render(namer));
    }
    return sb.toString();
  }
}
