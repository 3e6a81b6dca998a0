package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.bunnyfile.BunnyfileParser;
import dev.bunny.containerfile.ContainerfileParser;
import dev.bunny.containerfile.ContainerfileSpecMapper;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.LoadedSpec;
import dev.bunny.spec.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Picks the one content source of an image (POM configuration, {@code <bunnyfile>},
 * {@code <bunnyfileContent>} or {@code <containerfile>}) and reads it into a spec. Two sources at
 * once is an error naming both; with none configured, a {@code bunnyfile} or
 * {@code src/main/bunny/bunnyfile} in the project is used. POM {@code <labels>} and
 * {@code <annotations>} are added to whichever source describes the image.
 */
final class ContentSources {

  static final List<String> DEFAULT_BUNNYFILES = List.of("bunnyfile", "src/main/bunny/bunnyfile");

  private final Path baseDir;
  private final PomSpecMapper pom;

  ContentSources(Path baseDir, PomSpecMapper pom) {
    this.baseDir = baseDir;
    this.pom = pom;
  }

  LoadedSpec load(PomSpecMapper.PomContent content, Path bunnyfile, String bunnyfileContent, Path containerfile,
      Map<String, String> buildArgs) throws BuildFailure, SpecException, IOException {
    List<String> configured = new ArrayList<>();
    if (pom.describesImage(content)) {
      configured.add("the image configuration (" + pom.configuredElements(content) + ")");
    }
    if (bunnyfile != null) {
      configured.add("<bunnyfile>");
    }
    if (bunnyfileContent != null && !bunnyfileContent.isBlank()) {
      configured.add("<bunnyfileContent>");
    }
    if (containerfile != null) {
      configured.add("<containerfile>");
    }
    if (configured.size() > 1) {
      throw new BuildFailure("the image is described twice: by " + String.join(" and by ", configured)
          + "; keep one of them (<image>, <tags>, <labels> and <annotations> may go with any)");
    }
    if (configured.isEmpty()) {
      for (String candidate : DEFAULT_BUNNYFILES) {
        if (Files.isRegularFile(baseDir.resolve(candidate))) {
          bunnyfile = baseDir.resolve(candidate);
          break;
        }
      }
      if (bunnyfile == null) {
        throw new BuildFailure("nothing describes the image: configure <platform>, <kernel> and <rootfs>, or "
            + "<bunnyfile>, <bunnyfileContent> or <containerfile>, or put a bunnyfile at " + String.join(" or ", DEFAULT_BUNNYFILES));
      }
    }
    if (bunnyfile != null) {
      Path file = baseDir.resolve(bunnyfile);
      ImageSpec spec = BunnyfileParser.parse(read(file, "<bunnyfile>"), display(file));
      return new LoadedSpec(withPomMetadata(spec, content), file.toAbsolutePath().getParent(), List.of());
    }
    if (bunnyfileContent != null && !bunnyfileContent.isBlank()) {
      ImageSpec spec = BunnyfileParser.parse(bunnyfileContent, "<bunnyfileContent>");
      return new LoadedSpec(withPomMetadata(spec, content), baseDir, List.of());
    }
    if (containerfile != null) {
      Path file = baseDir.resolve(containerfile);
      ContainerfileSpecMapper.Result r = ContainerfileSpecMapper.map(
          ContainerfileParser.parse(read(file, "<containerfile>"), display(file), buildArgs == null ? Map.of() : buildArgs));
      return new LoadedSpec(withPomMetadata(r.spec(), content), file.toAbsolutePath().getParent(), r.notes());
    }
    return new LoadedSpec(pom.map(content), baseDir, List.of());
  }

  private String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path base = baseDir.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String read(Path file, String element) throws BuildFailure, IOException {
    if (!Files.isRegularFile(file)) {
      throw new BuildFailure(element + ": " + file + " does not exist");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** POM labels and annotations join the file's own (the POM wins on the same key). */
  private static ImageSpec withPomMetadata(ImageSpec s, PomSpecMapper.PomContent c) {
    if ((c.labels == null || c.labels.isEmpty()) && (c.annotations == null || c.annotations.isEmpty())) {
      return s;
    }
    SortedMap<String, String> labels = new TreeMap<>(s.labels());
    SortedMap<String, String> annotations = new TreeMap<>(s.annotations());
    if (c.labels != null) {
      c.labels.forEach((k, v) -> labels.put(k, v == null ? "" : v));
    }
    if (c.annotations != null) {
      c.annotations.forEach((k, v) -> annotations.put(k, v == null ? "" : v));
    }
    return new ImageSpec(s.source(), s.namer(), s.platform(), s.kernel(), s.rootfs(), s.entrypoint(), s.cmd(), s.env(),
        labels, annotations, s.files(), s.workingDir(), s.user(), s.labelsInUruncJson());
  }
}
