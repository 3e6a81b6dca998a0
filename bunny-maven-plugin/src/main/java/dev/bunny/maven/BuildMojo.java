package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildRequest;
import dev.bunny.source.ImageResolver;
import dev.bunny.build.BuildResult;
import dev.bunny.build.ImageBuilder;
import dev.bunny.build.UpToDateCheck;
import dev.bunny.fs.TreeException;
import dev.bunny.maven.params.AuthParams;
import dev.bunny.oci.Compression;
import dev.bunny.oci.ImageName;
import dev.bunny.registry.PushResult;
import dev.bunny.spec.LoadedSpec;
import dev.bunny.spec.SpecException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the urunc-ready OCI image: an OCI image layout directory, an OCI archive tar of the same
 * image (attached to the project, so {@code install} and {@code deploy} carry it) and a digest file.
 */
@Mojo(name = BuildMojo.GOAL, defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractImageMojo {

  public static final String GOAL = "build";

  /**
   * The image name, {@code repository[:tag]}; the tag defaults to {@code latest}. Default:
   * {@code <artifactId>:<version>}.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.IMAGE)
  private String image;

  /** More tags for the same image (property: comma-separated). @since 0.1.0 */
  @Parameter(property = BunnyProperties.TAGS)
  private List<String> tags;

  /** Skips this goal. @since 0.1.0 */
  @Parameter(property = BunnyProperties.BUILD_SKIP, defaultValue = "false")
  private boolean skipBuild;

  /** The OCI image layout directory to write. @since 0.1.0 */
  @Parameter(property = BunnyProperties.LAYOUT_DIRECTORY, defaultValue = "${project.build.directory}/bunny/oci-layout")
  private File layoutDirectory;

  /** The OCI archive to write (what {@code skopeo}, {@code podman load}, {@code docker load}, {@code ctr import} read). @since 0.1.0 */
  @Parameter(property = BunnyProperties.ARCHIVE_FILE, defaultValue = "${project.build.directory}/${project.build.finalName}-oci.tar")
  private File archiveFile;

  /** The file receiving the manifest digest ({@code sha256:...}). @since 0.1.0 */
  @Parameter(property = BunnyProperties.DIGEST_FILE, defaultValue = "${project.build.directory}/bunny/image.digest")
  private File digestFile;

  /** Attaches the OCI archive to the project with {@link #classifier} and type {@code tar}. @since 0.1.0 */
  @Parameter(property = BunnyProperties.ATTACH, defaultValue = "true")
  private boolean attach;

  /** Classifier of the attached archive. @since 0.1.0 */
  @Parameter(property = BunnyProperties.CLASSIFIER, defaultValue = "oci")
  private String classifier;

  /**
   * Layer compression: {@code gzip}, {@code zstd} (level 3, every core; needs containerd 1.5+ or
   * containers/storage to pull) or {@code none}. @since 0.1.0
   */
  @Parameter(property = BunnyProperties.LAYER_COMPRESSION, defaultValue = "gzip")
  private String layerCompression;

  /**
   * Builds even when the inputs, the configuration and the outputs are unchanged since the last
   * build (which is otherwise skipped, saying so). @since 0.1.0
   */
  @Parameter(property = BunnyProperties.FORCE, defaultValue = "false")
  private boolean force;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  private PluginDescriptor plugin;

  @Component
  private MavenProjectHelper projectHelper;

  /**
   * Pushes the image right after building it, as {@code bunny:push} does (same credentials and
   * {@code <insecureRegistries>}; {@code bunny.push.skip} skips it). @since 0.1.0
   */
  @Parameter(property = BunnyProperties.PUSH, defaultValue = "false")
  private boolean push;

  /** Skips the push of {@link #push} (shared with {@code bunny:push}). @since 0.1.0 */
  @Parameter(property = BunnyProperties.PUSH_SKIP, defaultValue = "false")
  private boolean skipPush;

  /** Registry credentials for {@link #push} and for pulling source images; see {@code bunny:push}. @since 0.1.0 */
  @Parameter
  private AuthParams auth;

  /**
   * Registries allowed plain HTTP or unverified TLS, for {@link #push} and for pulling source
   * images; see {@code bunny:push}. @since 0.1.0
   */
  @Parameter(property = BunnyProperties.INSECURE_REGISTRIES)
  private List<String> insecureRegistries;

  /**
   * Where images pulled as sources ({@code kernel.from}, {@code rootfs.from}, includes {@code
   * from}, {@code FROM}) are cached, by digest, so a second build downloads nothing and offline
   * builds work. Default: {@code .cache/bunny} in the local Maven repository. @since 0.1.0
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
    return skipBuild;
  }

  @Override
  protected String goalSkipProperty() {
    return BunnyProperties.BUILD_SKIP;
  }

  @Override
  protected void run() throws SpecException, TreeException, BuildFailure, IOException {
    RegistryPush registryPush = push && !skipPush ? registryPush(settingsDecrypter) : null;
    if (registryPush != null) {
      registryPush.requireOnline(); // before building: an offline push fails in seconds, not after the build
    }
    LoadedSpec loaded = loadSpec();
    Path projectDir = project.getBasedir().toPath();
    Path cacheDir = SourceImages.cacheDirectory(cacheDirectory, localRepository(), projectDir);
    ImageResolver images = SourceImages.resolver(registryPush != null ? registryPush : registryPush(settingsDecrypter),
        loaded.contextDir(), cacheDir, auth, insecureRegistries);
    BuildRequest request = new BuildRequest(loaded.spec(), loaded.contextDir(), imageName(), timestamp(), compression(),
        layoutDirectory.toPath(), archiveFile.toPath(), digestFile.toPath(), images);
    UpToDateCheck upToDate = new UpToDateCheck(buildLog(), plugin == null ? null : plugin.getVersion());
    Optional<UpToDateCheck.Inputs> inputs = upToDate.inputs(request);
    Optional<BuildResult> current = force || inputs.isEmpty() ? Optional.empty() : upToDate.upToDate(request, inputs.get());
    BuildResult result;
    if (current.isPresent()) {
      result = current.get();
      inputs.get().notes().forEach(getLog()::warn); // as a build would: the spec still deserves them
      getLog().info("Image is up to date (" + result.manifestDigest() + "), inputs unchanged: nothing written (-D"
          + BunnyProperties.FORCE + "=true rebuilds)");
    } else {
      upToDate.forget(request);
      result = new ImageBuilder(buildLog()).build(request);
      if (inputs.isPresent()) {
        upToDate.record(request, inputs.get(), result);
      }
      getLog().info("Built image " + String.join(", ", result.references()) + " " + result.manifestDigest());
    }
    getLog().info("  OCI layout:  " + result.layoutDir());
    getLog().info("  OCI archive: " + result.archiveFile() + " (" + result.archiveSize() + " bytes)");
    if (attach) {
      projectHelper.attachArtifact(project, "tar", classifier, archiveFile);
    }
    if (registryPush != null) {
      PushResult pushed = registryPush.push(result.layoutDir(), auth, insecureRegistries, cacheDir);
      getLog().info("Pushed " + String.join(", ", pushed.references()) + " " + pushed.manifestDigest());
    }
  }

  private ImageName imageName() throws BuildFailure {
    String reference = property(BunnyProperties.IMAGE) != null ? property(BunnyProperties.IMAGE) : image;
    if (reference == null || reference.isBlank()) {
      reference = project.getArtifactId().toLowerCase(Locale.ROOT) + ":" + project.getVersion();
    }
    List<String> extra = new ArrayList<>();
    List<String> tagTexts = property(BunnyProperties.TAGS) != null ? List.of(property(BunnyProperties.TAGS)) : tags;
    if (tagTexts != null) {
      for (String t : tagTexts) {
        for (String part : t.split(",")) {
          if (!part.isBlank()) {
            extra.add(part.trim());
          }
        }
      }
    }
    try {
      return ImageName.parse(reference.trim(), extra);
    } catch (IllegalArgumentException e) {
      throw new BuildFailure("<image> (-D" + BunnyProperties.IMAGE + ") / <tags> (-D" + BunnyProperties.TAGS + "): "
          + e.getMessage());
    }
  }

  private Compression compression() throws BuildFailure {
    switch (layerCompression == null ? "gzip" : layerCompression.trim().toLowerCase(Locale.ROOT)) {
      case "gzip":
        return Compression.GZIP;
      case "zstd":
        return Compression.ZSTD;
      case "none":
        return Compression.NONE;
      default:
        throw new BuildFailure("<layerCompression> (-D" + BunnyProperties.LAYER_COMPRESSION + "): '" + layerCompression
            + "' is not supported (accepted: gzip, zstd, none)");
    }
  }
}
