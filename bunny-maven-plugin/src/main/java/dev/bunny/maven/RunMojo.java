package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.run.GuestRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Boots the built image locally under QEMU the way urunc would start it (kernel, initrd, command
 * line and memory all read from the image itself, not the POM), streams the guest console, and
 * stops when the guest powers off or the timeout passes. The developer loop before urunc.
 */
@Mojo(name = RunMojo.GOAL, requiresProject = false, threadSafe = true)
public class RunMojo extends AbstractBunnyMojo {

  public static final String GOAL = "run";

  /** The OCI layout to boot. @since 0.1.0 */
  @Parameter(property = BunnyProperties.LAYOUT_DIRECTORY, defaultValue = "${project.build.directory}/bunny/oci-layout")
  private File layoutDirectory;

  /** Which tag to boot when the layout holds several names; default: the only image. @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_TAG)
  private String tag;

  /** Seconds before the guest is stopped. @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_TIMEOUT, defaultValue = "60")
  private int timeout;

  /** Guest memory in MiB (urunc's default). @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_MEMORY, defaultValue = "256")
  private int memory;

  /** The QEMU binary; default {@code qemu-system-x86_64} or {@code qemu-system-aarch64} from PATH. @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_QEMU)
  private String qemu;

  /**
   * QEMU accelerator: {@code tcg} (software emulation, works everywhere and starts fastest for
   * small guests), {@code kvm}, or {@code auto} (KVM when {@code /dev/kvm} is usable).
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.RUN_ACCEL, defaultValue = "tcg")
  private String accel;

  /** Fails the build when the guest is still running at the timeout (a test that must end). @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_FAIL_ON_TIMEOUT, defaultValue = "false")
  private boolean failOnTimeout;

  /** The console is also written here. @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_CONSOLE_LOG, defaultValue = "${project.build.directory}/bunny/console.log")
  private File consoleLog;

  /** Skips this goal. @since 0.1.0 */
  @Parameter(property = BunnyProperties.RUN_SKIP, defaultValue = "false")
  private boolean skipRun;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean goalSkipped() {
    return skipRun;
  }

  @Override
  protected String goalSkipProperty() {
    return BunnyProperties.RUN_SKIP;
  }

  @Override
  protected void run() throws BuildFailure, IOException {
    if (timeout <= 0 || memory <= 0) {
      throw new BuildFailure("<timeout> (-D" + BunnyProperties.RUN_TIMEOUT + ") and <memory> (-D" + BunnyProperties.RUN_MEMORY
          + ") must be positive");
    }
    Files.createDirectories(consoleLog.toPath().toAbsolutePath().getParent());
    GuestRunner.Accel acceleration;
    try {
      acceleration = GuestRunner.Accel.valueOf(accel.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BuildFailure("<accel> (-D" + BunnyProperties.RUN_ACCEL + "): '" + accel + "' is not accepted (auto, kvm, tcg)");
    }
    GuestRunner.Options options = new GuestRunner.Options(layoutDirectory.toPath(), tag, qemu, memory,
        Duration.ofSeconds(timeout), consoleLog.toPath(), acceleration);
    GuestRunner.Outcome outcome = new GuestRunner(buildLog()).run(options, line -> getLog().info("[guest] " + line));
    long seconds = outcome.elapsed().toSeconds();
    if (outcome.guestEnded()) {
      getLog().info("Guest ended after " + seconds + " s (QEMU exit code " + outcome.exitCode() + ")");
      if (outcome.exitCode() != 0) {
        throw new BuildFailure("QEMU exited with code " + outcome.exitCode() + "; see the console above and " + consoleLog);
      }
    } else if (failOnTimeout) {
      throw new BuildFailure("the guest was still running after " + timeout + " s (-D" + BunnyProperties.RUN_TIMEOUT + ")");
    } else {
      getLog().info("Guest stopped after the " + timeout + " s timeout (-D" + BunnyProperties.RUN_TIMEOUT + ")");
    }
  }
}
