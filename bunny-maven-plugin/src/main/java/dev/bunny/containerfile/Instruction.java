package dev.bunny.containerfile;

/** An instruction kept in a {@link Stage}; its position is where its keyword starts (1-based). */
public sealed interface Instruction permits Copy, Label, Env, Cmd, Entrypoint, Workdir, User {

  int line();

  int column();
}
