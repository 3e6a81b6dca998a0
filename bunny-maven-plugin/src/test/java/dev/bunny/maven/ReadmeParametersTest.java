package dev.bunny.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's parameter tables true: every property the plugin reads is documented there. */
class ReadmeParametersTest {

  private static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void everyPropertyConstantIsInTheReadme() throws Exception {
    String readme = readme();
    List<String> missing = new ArrayList<>();
    for (Field f : BunnyProperties.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String property = (String) f.get(null);
        if (!readme.contains("`" + property + "`")) {
          missing.add(property);
        }
      }
    }
    assertThat(missing).as("properties missing from README.md").isEmpty();
  }

  /** The generated plugin descriptor lists every @Parameter property of every goal. */
  @Test
  void everyParameterPropertyOfEveryGoalIsInTheReadme() throws IOException {
    String descriptor = Files.readString(Path.of("target", "classes", "META-INF", "maven", "plugin.xml"));
    Matcher m = Pattern.compile("\\$\\{(bunny\\.[^}]+)}").matcher(descriptor);
    TreeSet<String> properties = new TreeSet<>();
    while (m.find()) {
      properties.add(m.group(1));
    }
    assertThat(properties).contains("bunny.skip", "bunny.image", "bunny.run.timeout");
    String readme = readme();
    assertThat(properties.stream().filter(p -> !readme.contains("`" + p + "`")))
        .as("goal parameters whose property is not in README.md").isEmpty();
  }
}
