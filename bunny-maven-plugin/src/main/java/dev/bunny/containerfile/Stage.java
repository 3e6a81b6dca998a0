package dev.bunny.containerfile;

import java.util.List;

/**
 * One {@code FROM} and the instructions that follow it, up to the next {@code FROM}.
 *
 * @param line the 1-based line of the {@code FROM}
 * @param baseImage the image after ARG substitution; {@code scratch} for scratch
 * @param name the stage name from {@code AS name} (lowercased, as Docker does), or null
 * @param instructions the kept instructions in written order ({@code ARG} only feeds
 *     substitution and ignored instructions become notes, so neither appears here)
 */
public record Stage(int line, String baseImage, String name, List<Instruction> instructions) {

  public Stage {
    instructions = List.copyOf(instructions);
  }
}
