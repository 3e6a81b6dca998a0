package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import dev.bunny.oci.Platform;
import dev.bunny.registry.CredentialChain;
import dev.bunny.registry.InsecureRegistries;
import dev.bunny.registry.JibRegistryTransport;
import dev.bunny.registry.RegistryTransport;
import dev.bunny.registry.Retrier;
import dev.bunny.registry.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ImageResolver} of a build: registry images through a pull cache, {@code oci:}
 * layouts in place, {@code oci-archive:} files extracted into the cache. An index is narrowed to
 * one manifest by {@link PlatformSelector}; the config's {@code rootfs.diff_ids} are paired with
 * the layers; Docker media types are mapped to OCI ones.
 *
 * <p>Relative {@code oci:}/{@code oci-archive:} paths are resolved against the base directory
 * (the project's). The pull cache is a directory of its own (Maven: {@code
 * ${settings.localRepository}/.cache/bunny}); see {@link PullCache} for its layout. Offline,
 * registry references are served from the cache only.
 */
public final class CachingImageResolver implements ImageResolver {

  /** Indexes nest at most this deep (one level is common, two are rare). */
  static final int MAX_DEPTH = 4;

  private final Path baseDir;
  private final PullCache cache;
  private final boolean offline;
  private final CredentialChain credentials;
  private final InsecureRegistries insecureRegistries;
  private final RegistryTransport.Factory transports;
  private final RetryPolicy retry;
  private final BuildLog log;

  private CachingImageResolver(Builder b) {
    this.baseDir = b.baseDir.toAbsolutePath().normalize();
    this.cache = new PullCache(b.cacheDir);
    this.offline = b.offline;
    this.credentials = b.credentials;
    this.insecureRegistries = b.insecureRegistries;
    this.transports = b.transports;
    this.retry = b.retry;
    this.log = b.log;
  }

  /**
   * @param baseDir what relative {@code oci:}/{@code oci-archive:} paths are relative to
   * @param cacheDir the pull cache (created when first needed)
   */
  public static Builder builder(Path baseDir, Path cacheDir) {
    return new Builder(baseDir, cacheDir);
  }

  /** Settings of a {@link CachingImageResolver}; all but the two directories have defaults. */
  public static final class Builder {
    private final Path baseDir;
    private final Path cacheDir;
    private boolean offline;
    private CredentialChain credentials = new CredentialChain(List.of());
    private InsecureRegistries insecureRegistries = InsecureRegistries.NONE;
    private RegistryTransport.Factory transports = JibRegistryTransport.FACTORY;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private BuildLog log = BuildLog.SILENT;

    private Builder(Path baseDir, Path cacheDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** Registry images only from the pull cache (Maven's offline mode). Default: false. */
    public Builder offline(boolean value) {
      this.offline = value;
      return this;
    }

    /** Where registry credentials come from (the same chain as pushing). Default: none (anonymous). */
    public Builder credentials(CredentialChain value) {
      this.credentials = Objects.requireNonNull(value);
      return this;
    }

    /** Registries reached over plain HTTP or unverified TLS. Default: none. */
    public Builder insecureRegistries(InsecureRegistries value) {
      this.insecureRegistries = Objects.requireNonNull(value);
      return this;
    }

    /** Default: {@link JibRegistryTransport#FACTORY}. */
    public Builder transports(RegistryTransport.Factory value) {
      this.transports = Objects.requireNonNull(value);
      return this;
    }

    /** Default: {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy value) {
      this.retry = Objects.requireNonNull(value);
      return this;
    }

    /** Default: {@link BuildLog#SILENT}. */
    public Builder log(BuildLog value) {
      this.log = Objects.requireNonNull(value);
      return this;
    }

    public CachingImageResolver build() {
      return new CachingImageResolver(this);
    }
  }

  /** The pull cache directory. */
  public Path cacheDirectory() {
    return cache.dir();
  }

  @Override
  public SourceImage resolve(ImageReference reference, PlatformChoice platform, String what)
      throws BuildFailure, IOException {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(platform, "platform");
    try (ContentSource source = open(reference)) {
      return resolve(source, reference, platform);
    } catch (BuildFailure e) {
      if (what == null || what.isBlank()) {
        throw e;
      }
      throw new BuildFailure(what + ": " + e.getMessage());
    }
  }

  private ContentSource open(ImageReference reference) {
    switch (reference.kind()) {
      case OCI_LAYOUT:
        return new LayoutSource(reference, baseDir.resolve(reference.path()).normalize());
      case OCI_ARCHIVE:
        return new ArchiveSource(reference, baseDir.resolve(reference.path()).normalize(), cache, log);
      default:
        return new RegistrySource(reference, cache, offline, credentials, insecureRegistries, transports,
            new Retrier(retry, log), log);
    }
  }

  private SourceImage resolve(ContentSource source, ImageReference reference, PlatformChoice choice)
      throws BuildFailure, IOException {
    String ref = reference.text();
    ContentSource.Document root = source.root();
    byte[] bytes = root.bytes();
    Digest digest = root.digest();
    String where = "'" + ref + "' (" + digest + ")";
    Map<String, Object> json = SourceJson.object(bytes, where);
    String type = SourceMediaTypes.documentType(json, root.mediaType(), where);
    Platform platform = null;
    int depth = 0;
    while (SourceMediaTypes.isIndex(type)) {
      if (++depth > MAX_DEPTH) {
        throw new BuildFailure("'" + ref + "': indexes nest deeper than " + MAX_DEPTH + " levels; pick a manifest by"
            + " digest");
      }
      List<PlatformSelector.Entry> entries = expand(source, PlatformSelector.entries(json, where), where, depth);
      PlatformSelector.Entry chosen = PlatformSelector.choose(entries, choice, ref);
      if (chosen == null) {
        if (entries.size() != 1) {
          throw new BuildFailure("'" + ref + "' is an index of " + entries.size() + " manifests that name no platform,"
              + " so bunny cannot tell which one the build needs; reference one by digest");
        }
        chosen = entries.get(0);
      } else {
        platform = chosen.platform();
        log.debug("'" + ref + "': using the " + chosen.platformText() + " manifest " + chosen.descriptor().digest()
            + " for " + PlatformSelector.needed(choice));
      }
      Descriptor d = chosen.descriptor();
      bytes = source.manifest(d);
      digest = d.digest();
      where = "'" + ref + "' (" + digest + ")";
      json = SourceJson.object(bytes, where);
      type = SourceMediaTypes.documentType(json, d.mediaType(), where);
    }
    return image(source, reference, choice, digest, json, platform, where);
  }

  /** Replaces entries that are platform-less nested indexes with their entries. */
  private List<PlatformSelector.Entry> expand(ContentSource source, List<PlatformSelector.Entry> entries, String where,
      int depth) throws BuildFailure, IOException {
    List<PlatformSelector.Entry> out = new ArrayList<>();
    for (PlatformSelector.Entry e : entries) {
      if (e.platform() == null && SourceMediaTypes.isIndex(e.descriptor().mediaType())) {
        if (depth >= MAX_DEPTH) {
          throw new BuildFailure(where + ": indexes nest deeper than " + MAX_DEPTH + " levels; pick a manifest by"
              + " digest");
        }
        byte[] nested = source.manifest(e.descriptor());
        String nestedWhere = where + " nested index " + e.descriptor().digest();
        out.addAll(expand(source, PlatformSelector.entries(SourceJson.object(nested, nestedWhere), nestedWhere),
            nestedWhere, depth + 1));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private SourceImage image(ContentSource source, ImageReference reference, PlatformChoice choice, Digest digest,
      Map<String, Object> manifest, Platform platform, String where) throws BuildFailure, IOException {
    String ref = reference.text();
    if (!manifest.containsKey("config")) {
      throw new BuildFailure(where + ": the manifest has no config");
    }
    Descriptor configDescriptor = SourceJson.descriptor(manifest.get("config"), where + " config");
    if (!SourceMediaTypes.isImageConfig(configDescriptor.mediaType())) {
      throw new BuildFailure(where + " is not a container image: its config has media type "
          + configDescriptor.mediaType() + " (an OCI artifact?)");
    }
    List<Descriptor> layers = new ArrayList<>();
    List<String> ociTypes = new ArrayList<>();
    int i = 0;
    for (Object node : SourceJson.array(manifest, "layers", where)) {
      Descriptor d = SourceJson.descriptor(node, where + " layer " + i);
      ociTypes.add(SourceMediaTypes.layerType(d.mediaType(), where + " layer " + i + " (" + d.digest() + ")"));
      layers.add(d);
      i++;
    }
    byte[] config = source.config(configDescriptor);
    String configWhere = "the config of '" + ref + "' (" + configDescriptor.digest() + ")";
    Map<String, Object> configJson = SourceJson.object(config, configWhere);
    if (platform == null) {
      platform = PlatformSelector.checkConfig(configJson, choice, ref, log);
    }
    List<Digest> diffIds = new ArrayList<>();
    for (Object id : SourceJson.array(SourceJson.object(configJson, "rootfs", configWhere), "diff_ids", configWhere)) {
      try {
        diffIds.add(Digest.parse(String.valueOf(id)));
      } catch (IllegalArgumentException e) {
        throw new BuildFailure(configWhere + ": rootfs.diff_ids holds '" + id + "', which is not a digest");
      }
    }
    if (diffIds.size() != layers.size()) {
      throw new BuildFailure(configWhere + " lists " + diffIds.size() + " diff_ids for the manifest's " + layers.size()
          + " layers; the image is inconsistent");
    }
    List<Path> files = source.layers(layers);
    List<SourceLayer> result = new ArrayList<>();
    for (int n = 0; n < layers.size(); n++) {
      Descriptor d = layers.get(n);
      result.add(new SourceLayer(new Descriptor(ociTypes.get(n), d.digest(), d.size(), d.annotations(), null),
          diffIds.get(n), files.get(n)));
    }
    return new SourceImage(ref, digest, platform, config, result);
  }
}
