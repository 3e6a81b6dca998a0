package dev.bunny.containerfile;

import java.util.List;

/** {@code ENTRYPOINT}, with the same two forms as {@link Cmd}. */
public record Entrypoint(int line, int column, List<String> args, boolean shellForm) implements Instruction {

  public Entrypoint {
    args = List.copyOf(args);
  }
}
