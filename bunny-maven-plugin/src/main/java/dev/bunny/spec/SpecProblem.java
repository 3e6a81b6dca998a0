package dev.bunny.spec;

/**
 * One thing wrong with a spec, phrased for the person who wrote it.
 *
 * @param field the logical field ({@code platform.monitor}); rendered through a {@link FieldNamer}
 * @param message what is wrong
 * @param fix what is accepted or how to fix it; may be empty
 */
public record SpecProblem(String field, String message, String fix) {

  public String render(FieldNamer namer) {
    String where = namer.name(field);
    return where + ": " + message + (fix == null || fix.isEmpty() ? "" : " (" + fix + ")");
  }
}
