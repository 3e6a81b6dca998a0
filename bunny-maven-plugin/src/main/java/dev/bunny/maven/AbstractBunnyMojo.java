package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.fs.TreeException;
import dev.bunny.fs.WriteFailure;
import dev.bunny.spec.SpecException;
import java.io.IOException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the skip rules (global, per goal, {@code pom} packaging) and the one
 * place where core exceptions become Maven's. User mistakes become {@link MojoFailureException}
 * with the core's message and no stack trace; I/O trouble becomes {@link MojoExecutionException}.
 */
public abstract class AbstractBunnyMojo extends AbstractMojo {

  /** Skips every goal of this plugin. */
  @Parameter(property = BunnyProperties.SKIP, defaultValue = "false")
  protected boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping bunny:" + goal() + " because " + BunnyProperties.SKIP + " is true");
      return;
    }
    if (goalSkipped()) {
      getLog().info("Skipping bunny:" + goal() + " because " + goalSkipProperty() + " is true");
      return;
    }
    if (skipsPomPackaging() && project.getFile() != null && "pom".equals(project.getPackaging())) {
      getLog().info("Skipping bunny:" + goal() + " for " + project.getArtifactId() + ": packaging is pom");
      return;
    }
    try {
      run();
    } catch (SpecException | TreeException | BuildFailure e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      // A write failure names its file in its message; other I/O errors keep their type, which for
      // the JDK's (NoSuchFileException: <path>) is half the message.
      throw new MojoExecutionException("bunny:" + goal() + " failed: " + (e instanceof WriteFailure ? e.getMessage() : e), e);
    }
  }

  /** The goal name, for log lines. */
  protected abstract String goal();

  /** The per-goal skip flag. */
  protected abstract boolean goalSkipped();

  /** The per-goal skip property, for the log line. */
  protected abstract String goalSkipProperty();

  /** Aggregator POMs have nothing to package; goals that package something skip them. */
  protected boolean skipsPomPackaging() {
    return true;
  }

  protected abstract void run() throws SpecException, TreeException, BuildFailure, IOException, MojoFailureException;

  /** The core's log, backed by Maven's. */
  protected BuildLog buildLog() {
    return new BuildLog() {
      @Override
      public void info(String message) {
        getLog().info(message);
      }

      @Override
      public void warn(String message) {
        getLog().warn(message);
      }

      @Override
      public void debug(String message) {
        getLog().debug(message);
      }
    };
  }

  /** The local repository's directory, or null when Maven names none. */
  protected String localRepository() {
    return session == null || session.getLocalRepository() == null ? null : session.getLocalRepository().getBasedir();
  }

  /** The registry pusher for this session (settings.xml, offline flag, environment), shared by build and push. */
  protected RegistryPush registryPush(org.apache.maven.settings.crypto.SettingsDecrypter decrypter) {
    return new RegistryPush(this::property, session == null ? null : session.getSettings(),
        session != null && session.isOffline(), decrypter, System.getenv(), System.getProperty("user.home"),
        buildLog());
  }

  /**
   * A property as the command line or the POM sets it: user properties ({@code -D}) first, then
   * the project's {@code <properties>}, then system properties; null when unset.
   */
  protected String property(String name) {
    String v = session == null ? null : session.getUserProperties().getProperty(name);
    if (v == null && project != null) {
      v = project.getProperties().getProperty(name);
    }
    if (v == null && session != null) {
      v = session.getSystemProperties().getProperty(name);
    }
    return v;
  }
}
