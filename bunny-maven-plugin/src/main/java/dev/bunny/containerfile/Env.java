package dev.bunny.containerfile;

import java.util.LinkedHashMap;

/** {@code ENV} pairs after substitution, in written order (LinkedHashMap semantics). */
public record Env(int line, int column, LinkedHashMap<String, String> pairs) implements Instruction {

  public Env {
    pairs = new LinkedHashMap<>(pairs);
  }
}
