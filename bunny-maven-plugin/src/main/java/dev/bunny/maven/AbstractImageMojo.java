package dev.bunny.maven;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.OutputTimestamp;
import dev.bunny.maven.params.IncludeParams;
import dev.bunny.maven.params.KernelParams;
import dev.bunny.maven.params.PlatformParams;
import dev.bunny.maven.params.RootfsParams;
import dev.bunny.spec.LoadedSpec;
import dev.bunny.spec.SpecException;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** The image content parameters, shared by the goals that build something from them. */
public abstract class AbstractImageMojo extends AbstractBunnyMojo {

  /**
   * Where the image runs: {@code <framework>}, {@code <monitor>}, {@code <version>},
   * {@code <architecture>}. Each child can be overridden with {@code -Dbunny.platform.<child>}.
   *
   * @since 0.1.0
   */
  @Parameter
  protected PlatformParams platform;

  /**
   * The kernel to package: {@code <kernel>path</kernel>}, or {@code <kernel><path/><target/></kernel>}
   * to choose where it goes in the image (default {@code /.boot/kernel}). Property {@code bunny.kernel}.
   *
   * @since 0.1.0
   */
  @Parameter
  protected KernelParams kernel;

  /**
   * The guest's root filesystem: {@code <type>} (initrd, raw, block, none), {@code <includes>}
   * ({@code source:destination} entries, files or whole directories, or {@code <from>}/{@code
   * <source>}/{@code <destination>} to copy from an image), a prebuilt {@code <path>}, or
   * {@code <from>} an image; {@code <target>} and {@code <mountPoint>} for the image paths.
   *
   * @since 0.1.0
   */
  @Parameter
  protected RootfsParams rootfs;

  /**
   * The application's command line as one string, split on spaces (bunny's {@code cmdline}).
   * Use {@code <cmd>} instead when an argument contains spaces.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.CMDLINE)
  protected String cmdline;

  /** The application's arguments (image config {@code Cmd}). @since 0.1.0 */
  @Parameter
  protected List<String> cmd;

  /** Image config {@code Entrypoint}, placed before {@code <cmd>}. @since 0.1.0 */
  @Parameter
  protected List<String> entrypoint;

  /** Environment variables for the guest (image config {@code Env}), as {@code <NAME>value</NAME>}. @since 0.1.0 */
  @Parameter
  protected Map<String, String> env;

  /** Extra image config labels. @since 0.1.0 */
  @Parameter
  protected Map<String, String> labels;

  /**
   * Extra manifest annotations. {@code com.urunc.unikernel.*} keys override the computed urunc
   * values in all three places (labels, annotations, {@code /urunc.json}).
   *
   * @since 0.1.0
   */
  @Parameter
  protected Map<String, String> annotations;

  /**
   * Extra files copied into the image rootfs whatever the rootfs type, as {@code source:destination},
   * or with {@code <from>}, {@code <source>} and {@code <destination>} children to copy from an image.
   *
   * @since 0.1.0
   */
  @Parameter
  protected List<IncludeParams> files;

  /**
   * Time stamped on every file and on the image, ISO-8601 or seconds since the epoch. Defaults to
   * {@code project.build.outputTimestamp}, then {@code SOURCE_DATE_EPOCH}, then the epoch.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.OUTPUT_TIMESTAMP, defaultValue = "${project.build.outputTimestamp}")
  protected String outputTimestamp;

  /**
   * A bunnyfile (bunny's v0.1 YAML format) describing the image, instead of the POM elements.
   * Relative paths in it are read from its directory. Default: {@code bunnyfile} or
   * {@code src/main/bunny/bunnyfile} when present and nothing else describes the image.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.BUNNYFILE)
  protected File bunnyfile;

  /**
   * A bunnyfile written inline in the POM (use a CDATA section). Relative paths are read from the
   * project directory.
   *
   * @since 0.1.0
   */
  @Parameter
  protected String bunnyfileContent;

  /**
   * A Containerfile (Dockerfile syntax, bunny's packaging subset: FROM scratch, COPY, LABEL, ENV,
   * ARG, CMD, ENTRYPOINT, WORKDIR, USER) describing the image. Relative paths are read from its
   * directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = BunnyProperties.CONTAINERFILE)
  protected File containerfile;

  /** Values for the Containerfile's ARGs, as {@code <NAME>value</NAME>}. @since 0.1.0 */
  @Parameter
  protected Map<String, String> buildArgs;

  /** The spec the configured content source describes, with its build context. */
  protected LoadedSpec loadSpec() throws BuildFailure, SpecException, IOException {
    PomSpecMapper mapper = new PomSpecMapper(this::property);
    LoadedSpec loaded = new ContentSources(baseDir().toPath(), mapper)
        .load(pomContent(), bunnyfile == null ? null : bunnyfile.toPath(), bunnyfileContent,
            containerfile == null ? null : containerfile.toPath(), buildArgs);
    loaded.notes().forEach(getLog()::info);
    return loaded;
  }

  private PomSpecMapper.PomContent pomContent() {
    PomSpecMapper.PomContent c = new PomSpecMapper.PomContent();
    c.platform = platform;
    c.kernel = kernel;
    c.rootfs = rootfs;
    c.cmdline = cmdline;
    c.cmd = cmd;
    c.entrypoint = entrypoint;
    c.env = env;
    c.labels = labels;
    c.annotations = annotations;
    c.files = files;
    return c;
  }

  /** Seconds since the epoch for every entry and the image. */
  protected long timestamp() throws BuildFailure {
    String value = outputTimestamp;
    String source = "<outputTimestamp> (-D" + BunnyProperties.OUTPUT_TIMESTAMP + ", project.build.outputTimestamp)";
    if (value == null || value.isBlank()) {
      value = System.getenv("SOURCE_DATE_EPOCH");
      source = "SOURCE_DATE_EPOCH";
    }
    try {
      return OutputTimestamp.parse(value);
    } catch (IllegalArgumentException e) {
      throw new BuildFailure(source + ": " + e.getMessage());
    }
  }

  /** The project directory, or the current directory when run without a project. */
  protected File baseDir() {
    File dir = project == null ? null : project.getBasedir();
    return dir != null ? dir : new File(System.getProperty("user.dir"));
  }
}
