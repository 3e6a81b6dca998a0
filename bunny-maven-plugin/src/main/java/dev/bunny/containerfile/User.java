package dev.bunny.containerfile;

/** {@code USER user[:group]} after substitution. */
public record User(int line, int column, String user) implements Instruction {}
