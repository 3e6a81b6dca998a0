package dev.bunny.containerfile;

import java.util.List;

/**
 * {@code COPY [--from=x] [--chmod=755] [--chown=u:g] [--link] src... dst}, shell or JSON form.
 *
 * @param sources the sources after substitution (at least one)
 * @param destination the destination after substitution
 * @param from the {@code --from} stage or image after substitution, or null when absent
 * @param chmod the {@code --chmod} octal mode as written (after substitution), or null
 * @param chown the {@code --chown} value after substitution, or null
 */
public record Copy(
    int line, int column, List<String> sources, String destination, String from, String chmod, String chown)
    implements Instruction {

  public Copy {
    sources = List.copyOf(sources);
  }
}
