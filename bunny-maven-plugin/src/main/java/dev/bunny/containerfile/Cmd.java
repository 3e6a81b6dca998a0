package dev.bunny.containerfile;

import java.util.List;

/**
 * {@code CMD}. Exec form ({@code CMD ["-c","/nginx/conf/nginx.conf"]}): the JSON strings, not
 * substituted. Shell form ({@code CMD echo hi}): one element, the text as written; the mapper
 * wraps it in {@code /bin/sh -c} like Docker.
 */
public record Cmd(int line, int column, List<String> args, boolean shellForm) implements Instruction {

  public Cmd {
    args = List.copyOf(args);
  }
}
