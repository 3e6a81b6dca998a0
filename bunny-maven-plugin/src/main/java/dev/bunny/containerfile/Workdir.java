package dev.bunny.containerfile;

/** {@code WORKDIR}, the path after substitution (relative paths are left for the mapper). */
public record Workdir(int line, int column, String path) implements Instruction {}
