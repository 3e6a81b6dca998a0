package dev.bunny.bunnyfile;

import dev.bunny.spec.FileInclude;
import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.KernelSpec;
import dev.bunny.spec.LocatedFieldNamer;
import dev.bunny.spec.Platform;
import dev.bunny.spec.RootfsSpec;
import dev.bunny.spec.RootfsType;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecProblem;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a bunnyfile (bunny's v0.1 YAML format) into the one {@link ImageSpec}.
 *
 * <p>The YAML library gives a node tree with positions; the mapping onto the schema is done here
 * by hand so that every problem, including unknown keys (which bunny silently ignores), carries
 * {@code file:line:column}. Semantic rules (frameworks, rootfs kinds, files) are the validator's,
 * shared with every other input form. Only {@link SpecException} leaves this class.
 */
public final class BunnyfileParser {

  private static final Map<String, Set<String>> KEYS = Map.of(
      "", Set.of("version", "platforms", "rootfs", "kernel", "cmd", "entrypoint", "envs", "cmdline"),
      "platforms", Set.of("framework", "version", "monitor", "architecture"),
      "rootfs", Set.of("from", "path", "type", "include"),
      "kernel", Set.of("from", "path"),
      "include", Set.of("from", "source", "destination"));

  private static final String BUNNY_TYPES = "initrd, raw, block";

  private final LocatedFieldNamer namer;
  private final List<SpecProblem> problems = new ArrayList<>();
  /** Fields present with the wrong shape (a list where a value belongs): not also "required". */
  private final Set<String> misshapen = new HashSet<>();

  private BunnyfileParser(String fileName) {
    this.namer = new LocatedFieldNamer(fileName);
  }

  /**
   * Parses {@code content}; {@code fileName} names it in messages ({@code bunnyfile},
   * {@code <bunnyfileContent>}).
   */
  public static ImageSpec parse(String content, String fileName) throws SpecException {
    return new BunnyfileParser(fileName).run(content);
  }

  private ImageSpec run(String content) throws SpecException {
    Optional<Node> root = compose(content == null ? "" : content);
    if (problems.isEmpty() && (root.isEmpty() || isNull(root.get()))) {
      // an empty or comment-only file: say what bunny says, the required keys are missing
      problem((Node) null, "version", "is required", "write version: " + BunnyfileVersion.SUPPORTED);
      problem((Node) null, "kernel", "is required", "kernel: {from: local, path: <the unikernel binary>}");
      throw failure();
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode)) {
      if (problems.isEmpty()) {
        problems.add(new SpecProblem(where(root.orElse(null), ""), "is not a bunnyfile",
            "a YAML mapping with version, platforms, kernel and optionally rootfs, cmd, entrypoint, envs"));
      }
      throw failure();
    }
    Map<String, NodeTuple> top = mapping((MappingNode) root.get(), "", "");
    String version = scalar(top, "version", "version", "version");
    if (version == null) {
      if (!misshapen.contains("version")) {
        problem(root.get(), "version", "is required", "write version: " + BunnyfileVersion.SUPPORTED);
      }
    } else {
      String why = BunnyfileVersion.problem(version);
      if (why != null) {
        problem("version", why, "this plugin reads bunnyfile " + BunnyfileVersion.SUPPORTED + " and earlier");
      }
    }
    Platform platform = platform(top);
    KernelSpec kernel = kernel(top, root.get());
    RootfsSpec rootfs = rootfs(top);
    List<String> cmd = list(top, "cmd", "cmd", "cmd");
    List<String> entrypoint = list(top, "entrypoint", "entrypoint", "entrypoint");
    List<String> envs = list(top, "envs", "env", "envs");
    String cmdline = scalar(top, "cmdline", "cmdline", "cmdline");
    if (cmd.isEmpty() && cmdline != null) {
      cmd = ImageSpec.splitCmdline(cmdline); // bunny's back-compat rule for the deprecated key
      copyLocation("cmdline", "cmd");
    }
    if (!problems.isEmpty()) {
      throw failure();
    }
    return new ImageSpec(namer.file(), namer, platform, kernel, rootfs, entrypoint, cmd, envs, null, null, null);
  }

  private Optional<Node> compose(String content) {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(namer.file())
        .setMaxAliasesForCollections(50)
        .setCodePointLimit(1 << 20)
        .setSchema(new CoreSchema()) // as Go's yaml (bunny) reads: ~, null, Null, NULL are null
        .build();
    try {
      // snakeyaml-engine 2.10 fails on a surrogate pair that straddles its read buffer when the
      // reader fills the buffer completely; never handing it a full buffer avoids that.
      Reader reader = new FilterReader(new StringReader(content)) {
        @Override
        public int read(char[] b, int off, int len) throws IOException {
          return super.read(b, off, len > 1 ? len - 1 : len);
        }
      };
      return new Compose(settings).composeReader(reader);
    } catch (MarkedYamlEngineException e) {
      String at = e.getProblemMark().map(m -> namer.at(m.getLine() + 1, m.getColumn() + 1)).orElse(namer.at(1, 1));
      String context = e.getContext() == null || e.getContext().isBlank() ? "" : " " + e.getContext();
      problems.add(new SpecProblem(at, "is not valid YAML: " + e.getProblem() + context, "fix the YAML syntax"));
    } catch (ReaderException e) {
      problems.add(new SpecProblem(atCodePoint(content, e.getPosition()), "is not valid YAML: special characters are not "
          + "allowed (code point " + e.getCodePoint() + ")", "remove the character"));
    } catch (YamlEngineException e) {
      problems.add(new SpecProblem(namer.at(1, 1), "is not valid YAML: " + e.getMessage(), "fix the YAML syntax"));
    } catch (RuntimeException e) {
      problems.add(new SpecProblem(namer.at(1, 1), "cannot be read as YAML: " + e, "fix the YAML syntax"));
    } catch (StackOverflowError e) {
      problems.add(new SpecProblem(namer.at(1, 1), "is nested too deeply to be a bunnyfile", ""));
    }
    return Optional.empty();
  }

  /** The line:column of the {@code offset}-th code point of {@code content}. */
  private String atCodePoint(String content, int offset) {
    int line = 1;
    int column = 1;
    int i = 0;
    for (int cp = 0; cp < offset && i < content.length(); cp++) {
      int c = content.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return namer.at(line, column);
  }

  private Platform platform(Map<String, NodeTuple> top) {
    Map<String, NodeTuple> p = section(top, "platforms", "platform");
    if (p == null) {
      return new Platform(null, null, null, null);
    }
    return new Platform(
        scalar(p, "framework", "platform.framework", "platforms.framework"),
        scalar(p, "monitor", "platform.monitor", "platforms.monitor"),
        scalar(p, "version", "platform.version", "platforms.version"),
        scalar(p, "architecture", "platform.architecture", "platforms.architecture"));
  }

  private KernelSpec kernel(Map<String, NodeTuple> top, Node root) {
    Map<String, NodeTuple> k = section(top, "kernel", "kernel");
    if (k == null) {
      if (!top.containsKey("kernel")) {
        problem(root, "kernel", "is required", "kernel: {from: local, path: <the unikernel binary>}");
      } else if (isNull(top.get("kernel").getValueNode())) {
        Node key = top.get("kernel").getKeyNode();
        problem(key, "kernel.from", "is required", "local, or an image reference");
        problem(key, "kernel.path", "is required", "the kernel file (from: local) or its path in the image");
      }
      return null;
    }
    String from = scalar(k, "from", "kernel.from", "kernel.from");
    String path = scalar(k, "path", "kernel.path", "kernel.path");
    if (from == null && !misshapen.contains("kernel.from")) {
      problem(top.get("kernel").getKeyNode(), "kernel.from", "is required", "local, or an image reference");
    }
    if (path == null && !misshapen.contains("kernel.path")) {
      problem(top.get("kernel").getKeyNode(), "kernel.path", "is required", "the kernel file (from: local) or its path in the image");
    }
    return new KernelSpec(from, path, null);
  }

  private RootfsSpec rootfs(Map<String, NodeTuple> top) {
    Map<String, NodeTuple> r = section(top, "rootfs", "rootfs");
    if (r == null) {
      return RootfsSpec.absent();
    }
    String from = scalar(r, "from", "rootfs.from", "rootfs.from");
    String path = scalar(r, "path", "rootfs.path", "rootfs.path");
    String typeText = scalar(r, "type", "rootfs.type", "rootfs.type");
    RootfsType type = null;
    if (typeText != null) {
      type = RootfsType.parse(typeText).filter(t -> t != RootfsType.NONE).orElse(null);
      if (type == null) {
        problem("rootfs.type", "'" + typeText + "' is not a rootfs type", "accepted: " + BUNNY_TYPES);
      }
    }
    List<FileInclude> includes = new ArrayList<>();
    NodeTuple inc = r.get("include");
    if (inc != null) {
      Node value = inc.getValueNode();
      record("rootfs.includes", value, "rootfs.include");
      if (value instanceof SequenceNode) {
        List<Node> items = ((SequenceNode) value).getValue();
        for (int i = 0; i < items.size(); i++) {
          FileInclude f = include(items.get(i), i);
          if (f != null) {
            includes.add(f);
          }
        }
      } else if (!isNull(value)) {
        problem("rootfs.includes", "must be a list", "write one '- src:dst' entry per line");
      }
    }
    return new RootfsSpec(from, path, type, includes, null, null);
  }

  /** bunny's two include forms: {@code "src:dst"} and {@code {from, source, destination}}. */
  private FileInclude include(Node item, int i) {
    String field = "rootfs.includes[" + i + "]";
    record(field, item, "rootfs.include[" + i + "]");
    if (item instanceof ScalarNode) {
      try {
        return FileInclude.parseShort(((ScalarNode) item).getValue(), field);
      } catch (IllegalArgumentException e) {
        problem(field, e.getMessage(), "");
        return null;
      }
    }
    if (item instanceof MappingNode) {
      Map<String, NodeTuple> m = mapping((MappingNode) item, "include", "rootfs.include[" + i + "]");
      String from = scalar(m, "from", field + ".from", "rootfs.include[" + i + "].from");
      String source = scalar(m, "source", field + ".source", "rootfs.include[" + i + "].source");
      String destination = scalar(m, "destination", field + ".destination", "rootfs.include[" + i + "].destination");
      if (source == null || destination == null) {
        problem(field, (source == null ? "source" : "destination") + " is empty",
            "write {from: local, source: <path>, destination: <path in the rootfs>}");
        return null;
      }
      return new FileInclude(from, source, destination, field);
    }
    problem(field, "is neither 'src:dst' nor a {from, source, destination} mapping", "");
    return null;
  }

  // --- YAML helpers ---------------------------------------------------------------------------

  /** A mapping's entries by key, reporting unknown and duplicate keys. */
  private Map<String, NodeTuple> mapping(MappingNode node, String schema, String path) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    Set<String> known = KEYS.get(schema);
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode ? ((ScalarNode) k).getValue() : null;
      String written = path.isEmpty() ? String.valueOf(key) : path + "." + key;
      if (key == null) {
        problems.add(new SpecProblem(where(k, path), "a key must be plain text", ""));
      } else if (!seen.add(key)) {
        problems.add(new SpecProblem(where(k, written), "is set twice", "keep one"));
      } else if (!known.contains(key)) {
        String near = Suggestions.nearest(key, known);
        problems.add(new SpecProblem(where(k, written), "is not a bunnyfile key",
            (near == null ? "" : "did you mean '" + near + "'? ") + "known here: " + String.join(", ", new java.util.TreeSet<>(known))));
      } else {
        out.put(key, t);
      }
    }
    return out;
  }

  private Map<String, NodeTuple> section(Map<String, NodeTuple> parent, String key, String field) {
    NodeTuple t = parent.get(key);
    if (t == null) {
      return null;
    }
    Node v = t.getValueNode();
    record(field, t.getKeyNode(), key);
    if (v instanceof MappingNode) {
      return mapping((MappingNode) v, key, key);
    }
    if (!isNull(v)) {
      problems.add(new SpecProblem(where(v, key), "must be a mapping", "indent its fields below '" + key + ":'"));
    }
    return null;
  }

  /** A scalar value as text; null when absent or empty. Records where it was written. */
  private String scalar(Map<String, NodeTuple> m, String key, String field, String written) {
    NodeTuple t = m.get(key);
    if (t == null) {
      return null;
    }
    Node v = t.getValueNode();
    record(field, v, written);
    if (isNull(v)) {
      return null;
    }
    if (!(v instanceof ScalarNode)) {
      problems.add(new SpecProblem(where(v, written), "must be a single value", ""));
      misshapen.add(field);
      return null;
    }
    String text = ((ScalarNode) v).getValue().trim();
    return text.isEmpty() ? null : text;
  }

  private List<String> list(Map<String, NodeTuple> m, String key, String field, String written) {
    List<String> out = new ArrayList<>();
    NodeTuple t = m.get(key);
    if (t == null || isNull(t.getValueNode())) {
      return out;
    }
    Node v = t.getValueNode();
    record(field, v, written);
    if (!(v instanceof SequenceNode)) {
      problems.add(new SpecProblem(where(v, written), "must be a list",
          "write " + key + ": [\"first\", \"second\"]" + ("cmd".equals(key) ? " (or the deprecated cmdline: \"a b\")" : "")));
      return out;
    }
    List<Node> items = ((SequenceNode) v).getValue();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      record(field + "[" + i + "]", item, written + "[" + i + "]");
      if (item instanceof ScalarNode) {
        out.add(((ScalarNode) item).getValue());
      } else {
        problems.add(new SpecProblem(where(item, written + "[" + i + "]"), "must be a single value", ""));
      }
    }
    return out;
  }

  private static boolean isNull(Node v) {
    return v instanceof ScalarNode && v.getTag().getValue().endsWith(":null");
  }

  private void record(String field, Node node, String written) {
    Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
    mark.ifPresent(m -> namer.record(field, m.getLine() + 1, m.getColumn() + 1, written));
  }

  private void copyLocation(String from, String to) {
    String at = namer.name(from);
    if (!at.equals(namer.file() + " " + from)) {
      namer.recordRaw(to, at);
    }
  }

  private String where(Node node, String written) {
    Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
    return mark.map(m -> namer.at(m.getLine() + 1, m.getColumn() + 1) + (written.isEmpty() ? "" : " " + written))
        .orElse(namer.at(1, 1) + (written.isEmpty() ? "" : " " + written));
  }

  private void problem(String field, String message, String fix) {
    problems.add(new SpecProblem(field, message, fix));
  }

  private void problem(Node at, String written, String message, String fix) {
    problems.add(new SpecProblem(where(at, written), message, fix));
  }

  /** All problems, in the order they appear in the file. */
  private SpecException failure() {
    List<SpecProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingLong(p -> position(namer.name(p.field()))));
    return new SpecException(namer.file(), sorted, namer);
  }

  /** line * 2^20 + column of a rendered {@code file:line:col ...} location; unknown ones sort last. */
  private long position(String rendered) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+):(\\d+)").matcher(rendered.substring(namer.file().length()));
    return m.lookingAt() ? (Long.parseLong(m.group(1)) << 20) + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }
}
