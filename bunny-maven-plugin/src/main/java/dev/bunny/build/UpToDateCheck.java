package dev.bunny.build;

import dev.bunny.fs.AlignedRead;
import dev.bunny.fs.AtomicFiles;
import dev.bunny.fs.FileStamp;
import dev.bunny.fs.FileTree;
import dev.bunny.fs.TreeEntry;
import dev.bunny.fs.TreeException;
import dev.bunny.oci.Digest;
import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.ResolvedSpec.ResolvedInclude;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether a build would write what is already there, so that a second {@code mvn package}
 * with unchanged inputs skips the layers, the layout and the archive.
 *
 * <p>The fingerprint covers the whole configuration (the spec as given, the build context, the
 * image name and tags, the output timestamp, the compression, the output paths, the builder's
 * version), every input (kernel, rootfs file, every included file, directory and symlink: image
 * path, kind, mode, size, symlink target and the SHA-256 of the content) and the outputs it left
 * (digest file, the layout's {@code index.json} and blobs, the archive's size and time). It is
 * written next to the digest file only after a successful build, and removed before a build
 * starts, so a failed build never leaves one behind.
 *
 * <p>Contents are hashed, never trusted from times alone. To spare a re-read of unchanged files,
 * a file whose size, mtime, ctime, device and inode all equal the recorded ones keeps its recorded
 * hash: ctime cannot be set back by {@code touch -d}, and a file changed within two seconds of
 * being hashed is never trusted this way (its stat is not recorded). Without the POSIX {@code unix}
 * attribute view every file is hashed.
 *
 * <p>Images as sources are not fingerprinted: a spec that takes anything from an image is always
 * rebuilt (the reason goes to the debug log).
 */
public final class UpToDateCheck {

  static final String HEADER = "bunny-build-fingerprint v1";
  private static final long RACY_MILLIS = 2000;

  private final BuildLog log;
  private final String builderVersion;

  /**
   * The fingerprint last read, and its file: {@link #inputs} takes the recorded hashes from it and
   * {@link #upToDate} then compares with it, so a 20,000-line fingerprint is read once, not twice.
   * {@link #forget} and {@link #record} drop it.
   */
  private Path readFrom;
  private Recorded read;

  /**
   * @param builderVersion the plugin version; with the size and time of the jar holding this
   *     class, so a rebuilt snapshot of the plugin counts as another builder
   */
  public UpToDateCheck(BuildLog log, String builderVersion) {
    this.log = log;
    this.builderVersion = builderVersion == null ? "unknown" : builderVersion;
  }

  /** The file the fingerprint of {@code req}'s outputs lives in: next to the digest file. */
  public static Path fingerprintFile(BuildRequest req) {
    String name = req.digestFile().getFileName().toString();
    String base = name.endsWith(".digest") ? name.substring(0, name.length() - ".digest".length()) : name;
    return req.digestFile().resolveSibling(base + ".fingerprint");
  }

  /**
   * What the build is about to read, hashed now (before the build reads it), or empty when this
   * request cannot be fingerprinted (an image source, or a spec the build itself will reject).
   */
  public Optional<Inputs> inputs(BuildRequest req) throws IOException {
    String why = nonLocalSource(req.spec());
    if (why != null) {
      log.debug("Up-to-date check: not used, " + why);
      return Optional.empty();
    }
    ResolvedSpec spec;
    List<String> lines = new ArrayList<>();
    Map<String, String[]> cache = previousHashes(recorded(fingerprintFile(req)));
    try {
      spec = SpecValidator.validate(req.spec(), req.baseDir());
      if (spec.kernelFile() != null && !spec.kernelInFiles()) {
        addTree(lines, "kernel", RootfsTrees.single(spec.kernelFile(), spec.kernelTarget(), "the kernel"), cache);
      }
      if (spec.rootfsFile() != null && !spec.rootfsInFiles()) {
        addTree(lines, "rootfs", RootfsTrees.single(spec.rootfsFile(), spec.rootfsTarget(), "the rootfs file"), cache);
      }
      addTree(lines, "rootfs-includes", RootfsTrees.fromIncludes(spec.rootfsIncludes()), cache);
      addTree(lines, "files", RootfsTrees.fromIncludes(spec.files()), cache);
    } catch (SpecException | TreeException | BuildFailure | IOException e) {
      log.debug("Up-to-date check: not used, the inputs cannot be read as they are: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new Inputs(configHash(req, spec), List.copyOf(lines), spec.notes()));
  }

  /**
   * The result of the previous build when it is still in place and was made from exactly
   * {@code inputs}; empty when anything differs (the reason goes to the debug log).
   */
  public Optional<BuildResult> upToDate(BuildRequest req, Inputs inputs) throws IOException {
    Path file = fingerprintFile(req);
    if (!Files.isRegularFile(file)) {
      log.debug("Up-to-date check: no fingerprint of an earlier build at " + file);
      return Optional.empty();
    }
    Recorded recorded = recorded(file);
    if (recorded == null) {
      log.debug("Up-to-date check: " + file + " is not a fingerprint this version reads");
      return Optional.empty();
    }
    if (!recorded.config.equals(inputs.config())) {
      log.debug("Up-to-date check: the configuration changed");
      return Optional.empty();
    }
    if (!recorded.inputs.equals(withoutStats(inputs.lines()))) {
      log.debug("Up-to-date check: an input changed (" + firstDifference(recorded.inputs, withoutStats(inputs.lines())) + ")");
      return Optional.empty();
    }
    List<String> outputs = outputLines(req, recorded.digest);
    if (outputs == null || !outputs.equals(recorded.outputs)) {
      log.debug("Up-to-date check: the outputs changed since the last build");
      return Optional.empty();
    }
    return Optional.of(new BuildResult(Digest.parse(recorded.digest), req.name().references(), req.layoutDir(),
        req.archiveFile(), Files.size(req.archiveFile())));
  }

  /** Removes the fingerprint before a build, so a build that fails leaves none. */
  public void forget(BuildRequest req) throws IOException {
    readFrom = null;
    Files.deleteIfExists(fingerprintFile(req));
  }

  /** Records that {@code result} was built from {@code inputs}; call after a successful build. */
  public void record(BuildRequest req, Inputs inputs, BuildResult result) throws IOException {
    readFrom = null;
    String digest = result.manifestDigest().toString();
    List<String> outputs = outputLines(req, digest);
    if (outputs == null) {
      log.debug("Up-to-date check: the outputs cannot be read back; no fingerprint written");
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append(HEADER).append('\n');
    text.append("config\t").append(inputs.config()).append('\n');
    text.append("digest\t").append(digest).append('\n');
    for (String line : inputs.lines()) {
      text.append("in\t").append(line).append('\n');
    }
    for (String line : outputs) {
      text.append("out\t").append(line).append('\n');
    }
    AtomicFiles.writeString(fingerprintFile(req), text.toString());
  }

  /**
   * The configuration and the hashed inputs of one build.
   *
   * @param config SHA-256 of the canonical configuration text
   * @param lines one line per input entry: group, image path, kind, mode, size, link target,
   *     source, content hash, and (last field) the stat key used to skip a re-hash
   * @param notes the validator's warnings about the spec, which a skipped build still shows
   */
  public record Inputs(String config, List<String> lines, List<String> notes) {}

  // ------------------------------------------------------------------ configuration

  /** Why the spec cannot be fingerprinted (it takes something from an image), or null. */
  static String nonLocalSource(ImageSpec spec) {
    if (spec.baseImage() != null) {
      return "the image is built FROM " + spec.baseImage();
    }
    KernelSpec k = spec.kernel();
    if (k != null && !k.isLocal() && !k.isInFiles()) {
      return "the kernel comes from " + k.from();
    }
    RootfsSpec r = spec.rootfs();
    if (!r.isScratch() && !r.isLocal() && !r.isInFiles()) {
      return "the rootfs comes from " + r.from();
    }
    for (FileInclude inc : concat(r.includes(), spec.files())) {
      if (!inc.isLocal()) {
        return inc.field() + " comes from " + inc.from();
      }
    }
    return null;
  }

  private static List<FileInclude> concat(List<FileInclude> a, List<FileInclude> b) {
    List<FileInclude> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private String configHash(BuildRequest req, ResolvedSpec resolved) {
    ImageSpec s = req.spec();
    List<String> c = new ArrayList<>();
    c.add("builder=" + builderVersion + " " + builderJar());
    c.add("source=" + s.source());
    c.add("platform=" + s.platform());
    c.add("kernel=" + s.kernel());
    RootfsSpec r = s.rootfs();
    c.add("rootfs=" + r.from() + "|" + r.path() + "|" + r.type() + "|" + r.target() + "|" + r.mountPoint());
    for (FileInclude inc : r.includes()) {
      c.add("rootfs.include=" + include(inc));
    }
    for (FileInclude inc : s.files()) {
      c.add("file=" + include(inc));
    }
    c.add("entrypoint=" + s.entrypoint());
    c.add("cmd=" + s.cmd());
    c.add("env=" + s.env());
    c.add("labels=" + s.labels());
    c.add("annotations=" + s.annotations());
    c.add("workingDir=" + s.workingDir());
    c.add("user=" + s.user());
    c.add("labelsInUruncJson=" + s.labelsInUruncJson());
    // The defaults the validator picked (e.g. the architecture read from the kernel) follow from
    // the above and the inputs' content; the resolved summary is included anyway, cheaply.
    c.add("resolved=" + resolved.framework() + "|" + resolved.monitor() + "|" + resolved.version() + "|"
        + resolved.architecture() + "|" + resolved.rootfsType() + "|" + resolved.rootfsTarget() + "|"
        + resolved.mountPoint() + "|" + resolved.kernelTarget());
    c.add("baseDir=" + abs(req.baseDir()));
    c.add("name=" + req.name().references());
    c.add("timestamp=" + req.timestamp());
    c.add("compression=" + req.compression());
    c.add("layout=" + abs(req.layoutDir()));
    c.add("archive=" + abs(req.archiveFile()));
    c.add("digestFile=" + abs(req.digestFile()));
    MessageDigest md = sha256();
    for (String line : c) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII)); // length-prefixed: no two configs collide
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String include(FileInclude inc) {
    return inc.from() + "|" + inc.source() + "|" + inc.destination() + "|" + inc.mode() + "|" + inc.field();
  }

  /** Size and time of the jar (or directory) this class was loaded from. */
  private static String builderJar() {
    try {
      Path p = Path.of(UpToDateCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(p)) {
        return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
      }
      return "classes";
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown";
    }
  }

  // ------------------------------------------------------------------ inputs

  private void addTree(List<String> lines, String group, FileTree tree, Map<String, String[]> cache) throws IOException {
    byte[] buffer = new byte[AlignedRead.BUFFER_SIZE]; // one for the whole tree: thousands of files would each zero a new one
    for (TreeEntry e : tree.entries()) {
      String source = e.source() == null ? "-" : abs(e.source());
      String hash = "-";
      String stat = "-";
      if (e.kind() == TreeEntry.Kind.FILE) {
        String[] hashed = hash(e.source(), cache.get(source), buffer);
        hash = hashed[0];
        stat = hashed[1];
      }
      lines.add(String.join("\t", esc(group), esc(e.path()), e.kind().name(), Integer.toOctalString(e.mode()),
          Long.toString(e.size()), e.linkTarget() == null ? "-" : esc(e.linkTarget()), source, hash, stat));
    }
  }

  /** [sha256, stat key or "-"], reusing {@code previous} when the file's stat key is unchanged. */
  private static String[] hash(Path file, String[] previous, byte[] buffer) throws IOException {
    FileStamp before = FileStamp.of(file);
    if (before != null && previous != null && before.toString().equals(previous[1])) {
      return new String[] {previous[0], previous[1]};
    }
    MessageDigest md = sha256();
    try (InputStream in = AlignedRead.open(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
    }
    String hash = HexFormat.of().formatHex(md.digest());
    FileStamp after = FileStamp.of(file);
    boolean trusted = before != null && before.equals(after) && !racy(after);
    return new String[] {hash, trusted ? before.toString() : "-"};
  }

  /** Changed so recently that a change in the same clock tick could still go unseen. */
  private static boolean racy(FileStamp stamp) {
    long newestMillis = Math.max(stamp.mtimeNanos(), stamp.ctimeNanos()) / 1_000_000;
    return System.currentTimeMillis() - newestMillis < RACY_MILLIS;
  }

  /** source path -> [hash, stat key] from the previous fingerprint, for files it could trust. */
  /** The fingerprint in {@code file}, or null when there is none or this version cannot read it. */
  private Recorded recorded(Path file) {
    if (!file.equals(readFrom)) {
      Recorded r;
      try {
        r = Files.isRegularFile(file) ? Recorded.read(file) : null;
      } catch (IOException e) {
        r = null;
      }
      read = r;
      readFrom = file;
    }
    return read;
  }

  private static Map<String, String[]> previousHashes(Recorded r) {
    Map<String, String[]> map = new HashMap<>();
    if (r == null) {
      return map;
    }
    for (String line : r.inputLinesWithStats) {
      String[] f = line.split("\t", -1);
      if (f.length == 9 && !"-".equals(f[8]) && !"-".equals(f[7])) {
        map.put(f[6], new String[] {f[7], f[8]});
      }
    }
    return map;
  }

  private static List<String> withoutStats(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(l.substring(0, l.lastIndexOf('\t')));
    }
    return out;
  }

  private static String firstDifference(List<String> before, List<String> now) {
    for (int i = 0; i < Math.max(before.size(), now.size()); i++) {
      String a = i < before.size() ? before.get(i) : null;
      String b = i < now.size() ? now.get(i) : null;
      if (a == null || !a.equals(b)) {
        return b == null ? "removed: " + entryName(a) : entryName(b);
      }
    }
    return "?";
  }

  private static String entryName(String line) {
    String[] f = line.split("\t", -1);
    return f.length > 1 ? "/" + f[1] : line;
  }

  // ------------------------------------------------------------------ outputs

  /** What the outputs look like now, or null when one is missing or the digest file disagrees. */
  private static List<String> outputLines(BuildRequest req, String digest) throws IOException {
    try {
      if (!Files.readString(req.digestFile(), StandardCharsets.UTF_8).trim().equals(digest)) {
        return null;
      }
      List<String> out = new ArrayList<>();
      Path index = req.layoutDir().resolve("index.json");
      out.add("index\t" + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(index))));
      out.add("oci-layout\t" + Files.size(req.layoutDir().resolve("oci-layout")));
      Path blobs = req.layoutDir().resolve("blobs");
      try (Stream<Path> files = Files.walk(blobs)) {
        for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          out.add("blob\t" + esc(blobs.relativize(p).toString()) + "\t" + Files.size(p));
        }
      }
      BasicFileAttributes a = Files.readAttributes(req.archiveFile(), BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return null;
      }
      out.add("archive\t" + a.size() + "\t" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
      return out;
    } catch (IOException e) { // missing, a directory where a file was, unreadable: not the outputs we wrote
      return null;
    }
  }

  // ------------------------------------------------------------------ the file

  /** A fingerprint file as read back. */
  private static final class Recorded {
    String config;
    String digest;
    final List<String> inputs = new ArrayList<>();
    final List<String> inputLinesWithStats = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();

    static Recorded read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        return null;
      }
      Recorded r = new Recorded();
      for (String line : lines.subList(1, lines.size())) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
          return null;
        }
        String kind = line.substring(0, tab);
        String rest = line.substring(tab + 1);
        switch (kind) {
          case "config":
            r.config = rest;
            break;
          case "digest":
            r.digest = rest;
            break;
          case "in":
            if (rest.lastIndexOf('\t') < 0) {
              return null;
            }
            r.inputLinesWithStats.add(rest);
            r.inputs.add(rest.substring(0, rest.lastIndexOf('\t')));
            break;
          case "out":
            r.outputs.add(rest);
            break;
          default:
            return null;
        }
      }
      return r.config == null || r.digest == null ? null : r;
    }
  }

  private static String abs(Path p) {
    return esc(p.toAbsolutePath().normalize().toString());
  }

  /** Keeps every field on one line and free of tabs. */
  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
