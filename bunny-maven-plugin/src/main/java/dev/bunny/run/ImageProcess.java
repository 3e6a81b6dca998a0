package dev.bunny.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The process part of an image config ({@code Entrypoint}, {@code Cmd}, {@code Env}): what urunc turns into guest arguments. */
record ImageProcess(List<String> entrypoint, List<String> cmd, List<String> env) {

  /** Entrypoint then Cmd, as container runtimes build {@code process.args}. */
  List<String> args() {
    List<String> args = new ArrayList<>(entrypoint);
    args.addAll(cmd);
    return args;
  }

  static ImageProcess fromConfig(String configJson) throws IOException {
    List<String> entrypoint = new ArrayList<>();
    List<String> cmd = new ArrayList<>();
    List<String> env = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(configJson)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("image config is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (!"config".equals(name) || p.currentToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          List<String> target = "Entrypoint".equals(field) ? entrypoint : "Cmd".equals(field) ? cmd : "Env".equals(field) ? env : null;
          if (target != null && p.currentToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              target.add(p.getText());
            }
          } else {
            p.skipChildren();
          }
        }
      }
    }
    return new ImageProcess(entrypoint, cmd, env);
  }
}
