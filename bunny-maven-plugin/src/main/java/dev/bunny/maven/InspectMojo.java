package dev.bunny.maven;

import dev.bunny.fs.AtomicFiles;
import dev.bunny.build.BuildFailure;
import dev.bunny.build.ImageReport;
import dev.bunny.oci.OciArchiveReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints what an image carries: names, digest, platform, layers, annotations, labels and
 * {@code /urunc.json} decoded, and whether urunc's three copies agree. Reads an OCI layout
 * directory or an OCI archive; works without a project.
 */
@Mojo(name = InspectMojo.GOAL, requiresProject = false, threadSafe = true)
public class InspectMojo extends AbstractBunnyMojo {

  public static final String GOAL = "inspect";

  /** The OCI layout directory or OCI archive to read. @since 0.1.0 */
  @Parameter(property = BunnyProperties.INSPECT_PATH, defaultValue = "${project.build.directory}/bunny/oci-layout")
  private File path;

  /** Which tag to show when the image has several names; default: the only image. @since 0.1.0 */
  @Parameter(property = "bunny.inspect.tag")
  private String tag;

  /** Skips this goal. @since 0.1.0 */
  @Parameter(property = BunnyProperties.INSPECT_SKIP, defaultValue = "false")
  private boolean skipInspect;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean goalSkipped() {
    return skipInspect;
  }

  @Override
  protected String goalSkipProperty() {
    return BunnyProperties.INSPECT_SKIP;
  }

  @Override
  protected boolean skipsPomPackaging() {
    return false;
  }

  @Override
  protected void run() throws BuildFailure, IOException {
    Path p = path.toPath();
    if (!Files.exists(p)) {
      throw new BuildFailure("<path> (-D" + BunnyProperties.INSPECT_PATH + "): " + p
          + " does not exist; run bunny:build first or name an OCI layout directory or archive");
    }
    if (Files.isDirectory(p)) {
      ImageReport.describe(p, tag).forEach(getLog()::info);
      return;
    }
    Path extracted = Files.createTempDirectory("bunny-inspect");
    try {
      OciArchiveReader.extract(p, extracted);
      ImageReport.describe(extracted, tag).forEach(getLog()::info);
    } finally {
      AtomicFiles.deleteQuietly(extracted);
    }
  }
}
