package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.RootfsTrees;
import dev.bunny.cpio.InitrdFile;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeException;
import dev.bunny.spec.LoadedSpec;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds only the initrd: an uncompressed, deterministic newc cpio of {@code <rootfs><includes>}.
 * Works without a project too: {@code mvn dev.bunny:bunny-maven-plugin:initrd
 * -Dbunny.rootfs.includes=rootfs/:/ -Dbunny.initrdFile=initrd.cpio}.
 */
@Mojo(name = InitrdMojo.GOAL, requiresProject = false, threadSafe = true)
public class InitrdMojo extends AbstractImageMojo {

  public static final String GOAL = "initrd";

  /** Where to write the initrd. @since 0.1.0 */
  @Parameter(property = BunnyProperties.INITRD_FILE, defaultValue = "${project.build.directory}/bunny/initrd.cpio")
  private File initrdFile;

  /** Skips this goal. @since 0.1.0 */
  @Parameter(property = BunnyProperties.INITRD_SKIP, defaultValue = "false")
  private boolean skipInitrd;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean goalSkipped() {
    return skipInitrd;
  }

  @Override
  protected String goalSkipProperty() {
    return BunnyProperties.INITRD_SKIP;
  }

  @Override
  protected void run() throws SpecException, TreeException, BuildFailure, IOException {
    LoadedSpec loaded = loadSpec();
    FileTree tree = RootfsTrees.fromIncludes(SpecValidator.validateInitrd(loaded.spec(), loaded.contextDir()));
    InitrdFile.write(tree, timestamp(), initrdFile.toPath());
    getLog().info("Built initrd " + initrdFile + ": " + tree.entries().size() + " entries, " + initrdFile.length() + " bytes");
  }
}
