package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.maven.params.AuthParams;
import dev.bunny.registry.PushResult;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the image {@code bunny:build} wrote, byte for byte (same manifest, same digest, same
 * annotations), to every name the build gave it: {@code <image>} and each of {@code <tags>}, as
 * recorded in the layout's {@code index.json}. To push under other names, build with them
 * ({@code -Dbunny.image=registry.example.com/team/app:1.0}). Blobs the registry already has are
 * not sent again.
 */
@Mojo(name = PushMojo.GOAL, defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractBunnyMojo {

  public static final String GOAL = "push";

  /** Skips this goal (and the push of {@code bunny:build}'s {@code <push>}). @since 0.1.0 */
  @Parameter(property = BunnyProperties.PUSH_SKIP, defaultValue = "false")
  private boolean skipPush;

  /** The OCI image layout {@code bunny:build} wrote. @since 0.1.0 */
  @Parameter(property = BunnyProperties.LAYOUT_DIRECTORY, defaultValue = "${project.build.directory}/bunny/oci-layout")
  private File layoutDirectory;

  /**
   * Registry credentials, {@code <auth><username/><password/></auth>}; also {@code
   * -Dbunny.auth.username}/{@code -Dbunny.auth.password} or the environment variables {@code
   * BUNNY_REGISTRY_USERNAME}/{@code BUNNY_REGISTRY_PASSWORD}. Without them: a settings.xml
   * {@code <server>} whose id is the registry, then docker's config.json, then anonymous.
   *
   * @since 0.1.0
   */
  @Parameter
  private AuthParams auth;

  /**
   * Registries ({@code host} or {@code host:port}) that may be reached over plain HTTP or with a
   * TLS certificate that is not verified. Empty by default; property: comma-separated.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.INSECURE_REGISTRIES)
  private List<String> insecureRegistries;

  /**
   * The pull cache of {@code bunny:build}: layers pulled from another repository of the target
   * registry are mounted from there instead of uploaded. @since 0.1.0
   */
  @Parameter(property = BunnyProperties.CACHE_DIRECTORY)
  private String cacheDirectory;

  @Component
  private SettingsDecrypter settingsDecrypter;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean goalSkipped() {
    return skipPush;
  }

  @Override
  protected String goalSkipProperty() {
    return BunnyProperties.PUSH_SKIP;
  }

  @Override
  protected void run() throws BuildFailure, IOException {
    PushResult result = registryPush(settingsDecrypter).push(layoutDirectory.toPath(), auth, insecureRegistries,
        SourceImages.cacheDirectory(cacheDirectory, localRepository(), project.getBasedir().toPath()));
    getLog().info("Pushed " + String.join(", ", result.references()) + " " + result.manifestDigest());
  }
}
