package dev.bunny.containerfile;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A stable, readable text form of a parsed Containerfile for golden files (strings quoted). */
final class Dump {

  private Dump() {}

  static String of(Containerfile cf) {
    StringBuilder sb = new StringBuilder();
    cf.directives().forEach((k, v) -> sb.append("directive ").append(k).append(' ').append(q(v)).append('\n'));
    for (Stage s : cf.stages()) {
      sb.append("stage line=").append(s.line()).append(" base=").append(q(s.baseImage()))
          .append(" name=").append(q(s.name())).append('\n');
      for (Instruction i : s.instructions()) {
        sb.append("  ").append(i.line()).append(':').append(i.column()).append(' ').append(of(i)).append('\n');
      }
    }
    for (String n : cf.notes()) {
      sb.append("note ").append(n).append('\n');
    }
    return sb.toString();
  }

  static String of(Instruction i) {
    if (i instanceof Copy c) {
      return "COPY " + list(c.sources()) + " -> " + q(c.destination()) + " from=" + q(c.from())
          + " chmod=" + q(c.chmod()) + " chown=" + q(c.chown());
    } else if (i instanceof Label l) {
      return "LABEL " + map(l.pairs());
    } else if (i instanceof Env e) {
      return "ENV " + map(e.pairs());
    } else if (i instanceof Cmd c) {
      return "CMD " + (c.shellForm() ? "shell " : "exec ") + list(c.args());
    } else if (i instanceof Entrypoint e) {
      return "ENTRYPOINT " + (e.shellForm() ? "shell " : "exec ") + list(e.args());
    } else if (i instanceof Workdir w) {
      return "WORKDIR " + q(w.path());
    } else if (i instanceof User u) {
      return "USER " + q(u.user());
    }
    throw new AssertionError(i);
  }

  private static String list(List<String> values) {
    return values.stream().map(Dump::q).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String map(Map<String, String> pairs) {
    return pairs.entrySet().stream().map(e -> q(e.getKey()) + "=" + q(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String q(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
