package dev.bunny.containerfile;

import java.util.LinkedHashMap;

/**
 * {@code LABEL} pairs after substitution, in written order; a key repeated in one instruction
 * keeps its first position and its last value (LinkedHashMap semantics).
 */
public record Label(int line, int column, LinkedHashMap<String, String> pairs) implements Instruction {

  public Label {
    pairs = new LinkedHashMap<>(pairs);
  }
}
