package dev.bunny.containerfile;

import dev.bunny.spec.LocatedFieldNamer;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a Containerfile (Dockerfile syntax) into a {@link Containerfile}: stages and the
 * instructions that matter for a unikernel image, each with the line and column of its keyword.
 *
 * <p>Hand-written: no well-kept Java library parses Dockerfiles (the reference parser is Go code in
 * BuildKit, {@code frontend/dockerfile/parser} and {@code shell/lex.go}). This class follows that
 * parser's documented and observable rules so that a file bunny accepts means the same here:
 * parser directives ({@code syntax}, {@code escape}, {@code check}) only at the very top; comments,
 * blank lines, line continuations with the escape character (comment and empty lines inside a
 * continuation are skipped); case-insensitive keywords; leading {@code --flags}; JSON exec form
 * falling back to shell form; Docker's word splitting and variable substitution ({@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-x}}, {@code ${VAR:+x}}, patterns) with ARG and ENV scoping.
 *
 * <p>Where this parser is stricter than Docker it says so in a problem rather than guessing: RUN,
 * ADD, SHELL, HEALTHCHECK and ONBUILD are rejected (nothing is run or fetched), a continuation at
 * the end of the file is an error, empty sources and unknown flags are errors. EXPOSE, VOLUME,
 * STOPSIGNAL and MAINTAINER are accepted and reported as notes.
 *
 * <p>Every problem is collected with {@code file:line:column INSTRUCTION} and the whole list is
 * thrown at once as a {@link SpecException}. Nothing else leaves this class, whatever the input:
 * substitution depth, value sizes and pattern work are bounded (see {@link Substitution}).
 */
public final class ContainerfileParser {

  private static final int MAX_PROBLEMS = 100;
  private static final int MAX_NOTES = 200;

  private static final Set<String> ALL_INSTRUCTIONS = new TreeSet<>(List.of("ADD", "ARG", "CMD", "COPY",
      "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
      "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"));

  private static final String ACCEPTED = "FROM, ARG, COPY, LABEL, ENV, CMD, ENTRYPOINT, WORKDIR, USER; "
      + "EXPOSE, VOLUME, STOPSIGNAL and MAINTAINER are accepted and ignored";

  private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9\\-_.]*");
  private static final Pattern OCTAL = Pattern.compile("[0-7]{1,12}");

  private static final String COPY_USAGE =
      "write COPY [--from=<stage or image>] [--chmod=<octal mode>] [--chown=<user[:group]>] [--link] <src>... <dest>";
  private static final String FROM_USAGE = "write FROM <image> [AS <name>], e.g. FROM scratch";

  private final String fileName;
  private final LocatedFieldNamer namer;
  private final Map<String, String> buildArgs = new HashMap<>();
  private final Set<String> declaredArgs = new TreeSet<>();
  private final List<SpecProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int droppedNotes;
  private final Map<String, String> directives = new LinkedHashMap<>();
  private final Substitution substitution = new Substitution();
  private char escape = '\\';
  private boolean directivesDone;

  /** Declared ARGs before the first FROM: name to value, null when declared without one. */
  private final Map<String, String> metaArgs = new HashMap<>();
  private final List<Stage> stages = new ArrayList<>();
  private final Map<String, Integer> stageNames = new HashMap<>();
  private StageBuilder stage;
  private boolean reportedNoFrom;
  private boolean sawInstruction;

  private ContainerfileParser(String fileName, Map<String, String> buildArgs) {
    this.fileName = fileName;
    this.namer = new LocatedFieldNamer(fileName);
    if (buildArgs != null) {
      buildArgs.forEach((k, v) -> {
        if (k != null && v != null) {
          this.buildArgs.put(k, v);
        }
      });
    }
  }

  /**
   * Parses {@code content}; {@code fileName} names it in messages; {@code buildArgs} override ARG
   * defaults. Throws only {@link SpecException}, with every problem found; each problem's field
   * is an already-rendered location such as {@code Containerfile:12:1 RUN}.
   */
  public static Containerfile parse(String content, String fileName, Map<String, String> buildArgs)
      throws SpecException {
    String name = fileName == null || fileName.isEmpty() ? "Containerfile" : fileName;
    ContainerfileParser parser = new ContainerfileParser(name, buildArgs);
    Containerfile result = null;
    try {
      result = parser.run(content == null ? "" : content);
    } catch (TooManyProblems e) {
      // the list already ends with a note saying so
    } catch (RuntimeException | StackOverflowError e) {
      // A bug, not the user's fault; still only a SpecException leaves.
      parser.problems.add(new SpecProblem(parser.namer.at(1, 1),
          "internal error of the Containerfile parser (" + e.getClass().getSimpleName() + ")",
          "please report this with the Containerfile"));
    }
    if (!parser.problems.isEmpty() || result == null) {
      throw new SpecException(name, parser.problems, parser.namer);
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------------
  // Lines, directives, continuations

  private static final class Lines {
    private final String text;
    private int pos;
    private int number;

    Lines(String text) {
      this.text = text;
    }

    /** The next line without its line ending (trailing CRs dropped, as Docker does), or null. */
    String next() {
      if (pos >= text.length()) {
        return null;
      }
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl;
      int start = pos;
      pos = nl < 0 ? text.length() : nl + 1;
      number++;
      while (end > start && text.charAt(end - 1) == '\r') {
        end--;
      }
      return text.substring(start, end);
    }
  }

  private record Continued(String text, boolean continues) {}

  /** Docker's continuation rule: the escape character last (then spaces/tabs), not itself escaped. */
  private Continued continuation(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end > 0 && s.charAt(end - 1) == escape && (end == 1 || s.charAt(end - 2) != escape)) {
      return new Continued(s.substring(0, end - 1), true);
    }
    return new Continued(s, false);
  }

  private Containerfile run(String content) {
    Lines lines = new Lines(content.startsWith("\uFEFF") ? content.substring(1) : content);
    String raw;
    while ((raw = lines.next()) != null) {
      int startLine = lines.number;
      String trimmed = Text.trimLeading(raw);
      int column = raw.length() - trimmed.length() + 1;
      if (!directivesDone) {
        directive(trimmed, startLine, column);
      }
      String first = trimmed.startsWith("#") ? "" : trimmed;
      Continued c = continuation(first);
      if (!c.continues() && c.text().isEmpty()) {
        continue;
      }
      directivesDone = true;
      StringBuilder line = new StringBuilder(c.text());
      boolean continues = c.continues();
      boolean emptyContinuation = false;
      boolean endOfFile = false;
      while (continues) {
        String next = lines.next();
        if (next == null) {
          endOfFile = true;
          break;
        }
        String nextTrimmed = Text.trimLeading(next);
        if (nextTrimmed.startsWith("#")) {
          continue;
        }
        if (nextTrimmed.isEmpty()) {
          emptyContinuation = true;
          continue;
        }
        c = continuation(next);
        line.append(c.text());
        continues = c.continues();
      }
      instruction(line.toString(), startLine, column, lines, endOfFile, emptyContinuation);
    }
    finishStage();
    if (!sawInstruction) {
      problem(namer.at(1, 1), "has no instructions",
          "start with FROM scratch or FROM <image>, then COPY the kernel and LABEL the urunc annotations");
    } else if (stages.isEmpty() && !reportedNoFrom) {
      problem(namer.at(1, 1), "has no FROM instruction", "add FROM scratch or FROM <image> after the ARGs");
    }
    Map<String, String> unused = new TreeMap<>(buildArgs);
    unused.keySet().removeAll(declaredArgs);
    for (String name : unused.keySet()) {
      note(fileName + ": build argument '" + Text.show(name) + "' is not declared by any ARG; ignored");
    }
    if (droppedNotes > 0) {
      notes.add(fileName + ": " + droppedNotes + " more notes not shown");
    }
    return new Containerfile(fileName, directives, stages, notes);
  }

  /** Docker's directive pattern {@code ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$}. */
  private void directive(String line, int lineNo, int column) {
    int len = line.length();
    if (len == 0 || line.charAt(0) != '#') {
      directivesDone = true;
      return;
    }
    int i = skipReSpace(line, 1);
    int nameStart = i;
    if (i >= len || !isAsciiLetter(line.charAt(i))) {
      directivesDone = true;
      return;
    }
    while (i < len && (isAsciiLetter(line.charAt(i)) || line.charAt(i) >= '0' && line.charAt(i) <= '9')) {
      i++;
    }
    String name = line.substring(nameStart, i).toLowerCase(Locale.ROOT);
    i = skipReSpace(line, i);
    if (i >= len || line.charAt(i) != '=') {
      directivesDone = true;
      return;
    }
    i = skipReSpace(line, i + 1);
    int end = len;
    while (end > i && isReSpace(line.charAt(end - 1))) {
      end--;
    }
    if (end <= i || !(name.equals("syntax") || name.equals("escape") || name.equals("check"))) {
      directivesDone = true;
      return;
    }
    String value = line.substring(i, end);
    String where = namer.at(lineNo, column) + " # " + name;
    if (directives.containsKey(name)) {
      problem(where, "repeats the " + name + " parser directive",
          "write each parser directive once, in the comment lines at the very top of the file");
      return;
    }
    if (name.equals("escape")) {
      if (!value.equals("\\") && !value.equals("`")) {
        problem(where, "the escape character '" + Text.show(value) + "' is neither \\ nor `",
            "write # escape=` or # escape=\\, which is the default");
        return;
      }
      escape = value.charAt(0);
    }
    directives.put(name, value);
  }

  /** Upper case for ASCII letters only, so no Unicode folding turns odd words into keywords. */
  private static String asciiUpper(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'a' && c[i] <= 'z') {
        c[i] = (char) (c[i] - 32);
      }
    }
    return new String(c);
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** RE2's {@code \s}. */
  private static boolean isReSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static int skipReSpace(String s, int i) {
    while (i < s.length() && isReSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  // ------------------------------------------------------------------------------------------------
  // Problems and notes

  private static final class TooManyProblems extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyProblems() {
      super(null, null, false, false);
    }
  }

  private void problem(String field, String message, String fix) {
    if (problems.size() >= MAX_PROBLEMS) {
      problems.add(new SpecProblem(field, "more than " + MAX_PROBLEMS + " problems; stopped here",
          "fix the ones above first"));
      throw new TooManyProblems();
    }
    problems.add(new SpecProblem(field, message, fix));
  }

  private void note(String text) {
    if (notes.size() >= MAX_NOTES) {
      droppedNotes++;
    } else {
      notes.add(text);
    }
  }

  /** Where an instruction starts, and what it is called in messages. */
  private record Loc(int line, int column, String field) {}

  private void problem(Loc loc, String message, String fix) {
    problem(loc.field(), message, fix);
  }

  private void problem(Loc loc, WordError e) {
    problem(loc.field(), e.getMessage(), e.fix());
  }

  // ------------------------------------------------------------------------------------------------
  // Stages and scopes

  private final class StageBuilder {
    final int line;
    final String base;
    final String name;
    final List<Instruction> instructions = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> args = new HashMap<>();

    StageBuilder(int line, String base, String name) {
      this.line = line;
      this.base = base;
      this.name = name;
    }

    /** ENV wins over ARG, as in Docker; null when unset. */
    String get(String variable) {
      String v = env.get(variable);
      return v != null ? v : args.get(variable);
    }

  }

  private void finishStage() {
    if (stage != null) {
      stages.add(new Stage(stage.line, stage.base, stage.name, stage.instructions));
      stage = null;
    }
  }

  /**
   * The variables in scope: the global ARGs before the first FROM, else the stage's ENV and ARGs.
   * A live view: each instruction expands all its words before it changes any variable, so a
   * whole instruction sees the scope as it was before it (Docker's rule: {@code ENV a=1 b=$a}
   * gives b the earlier a).
   */
  private Substitution.Vars vars() {
    if (stage == null) {
      return metaArgs::get;
    }
    StageBuilder s = stage;
    return s::get;
  }

  private void add(Instruction instruction) {
    if (stage != null) {
      stage.instructions.add(instruction);
    }
  }

  private String expand(String word, Substitution.Vars vars) throws WordError {
    return substitution.expand(word, escape, vars);
  }

  // ------------------------------------------------------------------------------------------------
  // Instructions

  private void instruction(String text, int line, int column, Lines lines, boolean endOfFile,
      boolean emptyContinuation) {
    String t = Text.trim(text);
    if (t.isEmpty()) {
      // only escape characters that continued into nothing
      if (endOfFile) {
        problem(namer.at(line, column), "ends with the line continuation character " + escape
            + " but the file ends there", "remove the trailing " + escape);
      }
      return;
    }
    sawInstruction = true;
    int split = 0;
    while (split < t.length() && !Text.isTokenSpace(t.charAt(split))) {
      split++;
    }
    String keyword = t.substring(0, split);
    int restStart = split;
    while (restStart < t.length() && Text.isTokenSpace(t.charAt(restStart))) {
      restStart++;
    }
    String rest = t.substring(restStart);
    String upper = asciiUpper(keyword);
    boolean known = ALL_INSTRUCTIONS.contains(upper);
    Loc loc = new Loc(line, column, namer.at(line, column) + " " + (known ? upper : Text.show(upper)));

    if (endOfFile) {
      problem(loc, "ends with the line continuation character " + escape + " but the file ends there",
          "remove the trailing " + escape + " or add the rest of the instruction");
    }
    if (emptyContinuation) {
      note(loc.field() + " has an empty line inside its continuation; ignored (Docker warns about these)");
    }
    boolean heredoc = false;
    if (upper.equals("RUN") || upper.equals("COPY") || upper.equals("ADD") || upper.equals("ONBUILD")) {
      heredoc = skipHeredocs(loc, rest, lines);
    }
    if (stage == null && !reportedNoFrom && known && !upper.equals("ARG") && !upper.equals("FROM")) {
      reportedNoFrom = true;
      problem(loc, "comes before any FROM",
          "start with FROM scratch or FROM <image>; only ARG may come before the first FROM");
    }

    switch (upper) {
      case "FROM" -> from(loc, rest);
      case "ARG" -> arg(loc, rest);
      case "COPY" -> copy(loc, rest, heredoc);
      case "LABEL" -> pairs(loc, rest, "LABEL");
      case "ENV" -> pairs(loc, rest, "ENV");
      case "CMD", "ENTRYPOINT" -> command(loc, rest, upper);
      case "WORKDIR", "USER" -> single(loc, rest, upper);
      case "EXPOSE", "VOLUME", "STOPSIGNAL", "MAINTAINER" -> ignored(loc, rest, upper);
      case "RUN" -> problem(loc, "RUN runs a command inside a container; bunny-maven-plugin packages prebuilt "
          + "artefacts and runs nothing", "build the artefact before packaging, e.g. in an earlier Maven phase, "
          + "and COPY it");
      case "ADD" -> problem(loc, "ADD is not supported: it can fetch URLs and unpack archives, which "
          + "bunny-maven-plugin will not do", "use COPY; download or unpack files before packaging");
      case "SHELL", "HEALTHCHECK", "ONBUILD" -> problem(loc, upper + " needs a container runtime at build or run "
          + "time and has no meaning for a unikernel image", "remove it");
      default -> {
        String suggestion = Text.nearest(keyword, ALL_INSTRUCTIONS);
        problem(loc, "'" + Text.show(keyword) + "' is not a Containerfile instruction",
            (suggestion == null ? "" : "did you mean " + suggestion + "? ") + "accepted: " + ACCEPTED);
      }
    }
  }

  /**
   * Skips the bodies of here-documents ({@code RUN <<EOF}) so they are not read as instructions.
   * Returns whether there were any.
   */
  private boolean skipHeredocs(Loc loc, String rest, Lines lines) {
    if (JsonArgs.parse(rest).kind() != JsonArgs.Kind.INVALID) {
      return false;
    }
    boolean any = false;
    for (String word : Words.shellTokens(rest, escape)) {
      Words.Heredoc h = Words.heredoc(word);
      if (h == null) {
        continue;
      }
      any = true;
      boolean terminated = false;
      String body;
      while ((body = lines.next()) != null) {
        String candidate = h.chomp() ? body.replaceFirst("^\t+", "") : body;
        if (candidate.equals(h.name())) {
          terminated = true;
          break;
        }
      }
      if (!terminated) {
        problem(loc, "the here-document <<" + Text.show(h.name()) + " is not terminated",
            "end it with a line holding only " + Text.show(h.name()));
        return true;
      }
    }
    return any;
  }

  /** The flags of an instruction: name to value ("true"/"false" for booleans), problems reported. */
  private Map<String, String> flags(Loc loc, List<String> given, Map<String, Boolean> known, String accepted) {
    Map<String, String> values = new HashMap<>();
    for (String flag : given) {
      String body = flag.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      if (name.isEmpty()) {
        problem(loc, "the flag '" + Text.show(flag) + "' has no name", accepted);
        continue;
      }
      Boolean bool = known.get(name);
      if (bool == null) {
        problem(loc, "unknown flag --" + Text.show(name), accepted);
        continue;
      }
      if (values.containsKey(name)) {
        problem(loc, "the flag --" + name + " is given twice", "give each flag once");
        continue;
      }
      if (bool) {
        String v = value == null ? "true" : value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          problem(loc, "--" + name + " expects true or false, not '" + Text.show(value) + "'",
              "write --" + name + " or --" + name + "=false");
          continue;
        }
        values.put(name, v);
      } else {
        if (value == null || value.isEmpty()) {
          problem(loc, "the flag --" + name + " needs a value", "write --" + name + "=<value>; " + accepted);
          continue;
        }
        values.put(name, value);
      }
    }
    return values;
  }

  /** Splits off leading flags; for an instruction that takes none, any flag is a problem. */
  private Words.Flags split(Loc loc, String rest) {
    try {
      return Words.extractFlags(rest);
    } catch (WordError e) {
      problem(loc, e);
      return null;
    }
  }

  /** The arguments of an instruction that takes no flags; null (problem reported) when it has some. */
  private String noFlags(Loc loc, String rest, String instruction, String example) {
    Words.Flags f = split(loc, rest);
    if (f == null) {
      return null;
    }
    if (!f.flags().isEmpty()) {
      flags(loc, f.flags(), Map.of(), instruction + " takes no flags" + example);
      return null;
    }
    return Text.trim(f.rest());
  }

  private void from(Loc loc, String rest) {
    Words.Flags f = split(loc, rest);
    if (f == null) {
      finishStage();
      stage = new StageBuilder(loc.line(), "", null);
      return;
    }
    Map<String, String> flags = flags(loc, f.flags(), Map.of("platform", false),
        "FROM accepts --platform=<os/arch>");
    String args = Text.trim(f.rest());
    finishStage();
    if (args.isEmpty()) {
      problem(loc, "FROM has no image", FROM_USAGE);
      stage = new StageBuilder(loc.line(), "", null);
      return;
    }
    Substitution.Vars meta = metaArgs::get;
    List<String> words = Text.splitTokens(args, -1);
    String name = null;
    if (words.size() == 3 && words.get(1).equalsIgnoreCase("as")) {
      name = words.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        problem(loc, "'" + Text.show(words.get(2)) + "' is not a valid stage name",
            "a stage name starts with a letter and has only letters, digits, '-', '_' and '.'");
        name = null;
      } else if (stageNames.containsKey(name)) {
        problem(loc, "the stage name '" + name + "' is already used on line " + stageNames.get(name),
            "give each stage its own name");
      } else {
        stageNames.put(name, loc.line());
      }
    } else if (words.size() != 1) {
      problem(loc, "FROM takes an image and optionally AS <name>, not '" + Text.show(args) + "'", FROM_USAGE);
    }
    String base = "";
    try {
      base = expand(words.get(0), meta);
      if (base.isEmpty()) {
        problem(loc, "the base image '" + Text.show(words.get(0)) + "' is empty after substitution",
            "give the ARG a default before the first FROM, e.g. ARG BASE=scratch, or pass it as a build argument");
      } else if (base.equalsIgnoreCase("scratch")) {
        base = "scratch";
      }
    } catch (WordError e) {
      problem(loc, e);
    }
    if (flags.containsKey("platform")) {
      try {
        String platform = expand(flags.get("platform"), meta);
        note(loc.field() + " --platform=" + Text.show(platform)
            + " is ignored; the image platform comes from the plugin configuration");
      } catch (WordError e) {
        problem(loc, e);
      }
    }
    stage = new StageBuilder(loc.line(), base, name);
  }

  private void arg(Loc loc, String rest) {
    String args = noFlags(loc, rest, "ARG", "");
    if (args == null) {
      return;
    }
    List<String> words = Words.parseWords(args, escape);
    if (words.isEmpty()) {
      problem(loc, "ARG has no name", "write ARG <name> or ARG <name>=<default>");
      return;
    }
    boolean meta = stage == null;
    Substitution.Vars before = vars();
    Map<String, String> pending = new LinkedHashMap<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (name.isEmpty()) {
        problem(loc, "an ARG name is empty in '" + Text.show(word) + "'", "write ARG <name>=<default>");
        continue;
      }
      String value = null;
      if (eq >= 0) {
        try {
          // Before the first FROM each ARG sees the ones before it (BuildKit evaluates meta
          // ARGs in order); inside a stage the whole instruction sees the scope before it.
          value = expand(word.substring(eq + 1), before);
        } catch (WordError e) {
          problem(loc, e);
          continue;
        }
      }
      declaredArgs.add(name);
      String effective;
      if (buildArgs.containsKey(name)) {
        effective = buildArgs.get(name);
      } else if (value != null) {
        effective = value;
      } else if (meta ? metaArgs.get(name) != null : stage.args.get(name) != null) {
        effective = meta ? metaArgs.get(name) : stage.args.get(name); // redeclared: keeps its value
      } else if (!meta) {
        effective = metaArgs.get(name); // a global ARG brought into the stage
      } else {
        effective = null;
      }
      if (meta) {
        metaArgs.put(name, effective);
      } else {
        pending.put(name, effective);
      }
    }
    if (!meta) {
      stage.args.putAll(pending);
    }
  }

  private void copy(Loc loc, String rest, boolean heredoc) {
    Words.Flags f = split(loc, rest);
    if (f == null) {
      return;
    }
    String accepted = "COPY accepts --from=<stage or image>, --chmod=<octal mode>, --chown=<user[:group]> and --link";
    Map<String, String> flags = flags(loc, f.flags(),
        Map.of("from", false, "chmod", false, "chown", false, "link", true), accepted);
    String args = Text.trim(f.rest());
    if (args.isEmpty()) {
      problem(loc, "COPY has no sources and no destination", COPY_USAGE);
      return;
    }
    List<String> operands;
    JsonArgs.Result json = JsonArgs.parse(args);
    switch (json.kind()) {
      case STRINGS -> operands = json.values();
      case NOT_STRINGS -> {
        problem(loc, "the JSON form of COPY must be an array of strings", "quote every element: COPY [\"src\", \"/dest/\"]");
        return;
      }
      default -> operands = Text.splitTokens(args, -1);
    }
    if (heredoc) {
      problem(loc, "COPY with a here-document (<<EOF) is not supported",
          "put the content in a file next to the Containerfile and COPY that file");
      return;
    }
    if (operands.size() < 2) {
      problem(loc, "COPY needs at least one source and a destination, got only '" + Text.show(args) + "'",
          COPY_USAGE);
      return;
    }
    Substitution.Vars vars = vars();
    boolean ok = true;
    List<String> expanded = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      boolean dest = i == operands.size() - 1;
      try {
        String v = expand(operands.get(i), vars);
        if (v.isEmpty()) {
          problem(loc, "the " + (dest ? "destination" : "source") + " '" + Text.show(operands.get(i))
              + "' is empty after substitution", "give the variable a value, or write the path directly");
          ok = false;
        }
        expanded.add(v);
      } catch (WordError e) {
        problem(loc, e);
        ok = false;
      }
    }
    String from = flagValue(loc, flags, "from", vars);
    String chmod = flagValue(loc, flags, "chmod", vars);
    String chown = flagValue(loc, flags, "chown", vars);
    if ((flags.containsKey("from") && from == null) || (flags.containsKey("chmod") && chmod == null)
        || (flags.containsKey("chown") && chown == null)) {
      ok = false;
    }
    if (chmod != null && !validOctal(chmod)) {
      problem(loc, "--chmod=" + Text.show(chmod) + " is not an octal mode",
          "write an octal mode from 0 to 7777, e.g. --chmod=755 or --chmod=0644; symbolic modes such as u+x "
              + "are not accepted");
      ok = false;
    }
    if (ok) {
      add(new Copy(loc.line(), loc.column(), expanded.subList(0, expanded.size() - 1),
          expanded.get(expanded.size() - 1), from, chmod, chown));
    }
  }

  private static boolean validOctal(String mode) {
    return OCTAL.matcher(mode).matches() && Long.parseLong(mode, 8) <= 07777;
  }

  /** A string flag after substitution; null when absent or when it has a problem (reported). */
  private String flagValue(Loc loc, Map<String, String> flags, String name, Substitution.Vars vars) {
    String raw = flags.get(name);
    if (raw == null) {
      return null;
    }
    try {
      String v = expand(raw, vars);
      if (v.isEmpty()) {
        problem(loc, "--" + name + "=" + Text.show(raw) + " is empty after substitution",
            "give the variable a value, or leave the flag out");
        return null;
      }
      return v;
    } catch (WordError e) {
      problem(loc, e);
      return null;
    }
  }

  /** LABEL and ENV: {@code k=v ...} or the legacy {@code k v with spaces}. */
  private void pairs(Loc loc, String rest, String instruction) {
    String example = instruction.equals("LABEL") ? "LABEL com.urunc.unikernel.hypervisor=qemu" : "ENV NAME=value";
    String args = noFlags(loc, rest, instruction, "");
    if (args == null) {
      return;
    }
    List<String> words = Words.parseWords(args, escape);
    String usage = "write " + instruction + " key=value [key=value...], e.g. " + example
        + "; quote values with spaces: key=\"a b\"";
    if (words.isEmpty()) {
      problem(loc, instruction + " has no key=value pairs", usage);
      return;
    }
    List<String[]> raw = new ArrayList<>();
    boolean ok = true;
    if (!words.get(0).contains("=")) {
      List<String> parts = Text.splitTokens(args, 2);
      if (parts.size() < 2) {
        problem(loc, "'" + Text.show(parts.get(0)) + "' has no value", usage);
        return;
      }
      raw.add(new String[] {parts.get(0), parts.get(1)});
    } else {
      for (String word : words) {
        int eq = word.indexOf('=');
        if (eq < 0) {
          problem(loc, "'" + Text.show(word) + "' is not a key=value pair", usage);
          ok = false;
          continue;
        }
        raw.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
      }
    }
    Substitution.Vars vars = vars();
    LinkedHashMap<String, String> pairs = new LinkedHashMap<>();
    for (String[] kv : raw) {
      try {
        String key = expand(kv[0], vars);
        String value = expand(kv[1], vars);
        if (key.isEmpty()) {
          problem(loc, "empty key in '" + Text.show(kv[0] + "=" + kv[1]) + "'", usage);
          ok = false;
          continue;
        }
        pairs.put(key, value);
      } catch (WordError e) {
        problem(loc, e);
        ok = false;
      }
    }
    if (!ok) {
      return;
    }
    if (instruction.equals("LABEL")) {
      add(new Label(loc.line(), loc.column(), pairs));
    } else {
      add(new Env(loc.line(), loc.column(), pairs));
      if (stage != null) {
        stage.env.putAll(pairs);
      }
    }
  }

  /** CMD and ENTRYPOINT: a JSON array of strings (exec form) or anything else (shell form). */
  private void command(Loc loc, String rest, String instruction) {
    String args = noFlags(loc, rest, instruction,
        "; to pass an argument that starts with --, use the exec form: " + instruction + " [\"--flag\"]");
    if (args == null) {
      return;
    }
    String example = instruction + " [\"-c\", \"/nginx/conf/nginx.conf\"]";
    if (args.isEmpty()) {
      problem(loc, instruction + " has no arguments",
          "write the exec form, a JSON array of strings, e.g. " + example + "; " + instruction + " [] sets none");
      return;
    }
    List<String> values;
    boolean shell;
    JsonArgs.Result json = JsonArgs.parse(args);
    switch (json.kind()) {
      case STRINGS -> {
        values = json.values();
        shell = false;
      }
      case NOT_STRINGS -> {
        problem(loc, "the exec form of " + instruction + " must be a JSON array of strings",
            "quote every element, e.g. " + example);
        return;
      }
      default -> {
        values = List.of(args);
        shell = true;
        if (args.startsWith("[")) {
          note(loc.field() + " starts with [ but is not a JSON array of strings, so it is the shell form "
              + "(/bin/sh -c ...); write double-quoted strings, e.g. " + example + ", for the exec form");
        }
      }
    }
    if (instruction.equals("CMD")) {
      add(new Cmd(loc.line(), loc.column(), values, shell));
    } else {
      add(new Entrypoint(loc.line(), loc.column(), values, shell));
    }
  }

  /** WORKDIR and USER: the whole text after the keyword is one value. */
  private void single(Loc loc, String rest, String instruction) {
    String args = noFlags(loc, rest, instruction, "");
    if (args == null) {
      return;
    }
    String usage = instruction.equals("WORKDIR") ? "write WORKDIR /path" : "write USER <user>[:<group>], e.g. USER 1000:1000";
    if (args.isEmpty()) {
      problem(loc, instruction + " has no value", usage);
      return;
    }
    try {
      String value = expand(args, vars());
      if (value.isEmpty()) {
        problem(loc, instruction + " '" + Text.show(args) + "' is empty after substitution", usage);
        return;
      }
      if (instruction.equals("WORKDIR")) {
        add(new Workdir(loc.line(), loc.column(), value));
      } else {
        add(new User(loc.line(), loc.column(), value));
      }
    } catch (WordError e) {
      problem(loc, e);
    }
  }

  /** EXPOSE, VOLUME, STOPSIGNAL, MAINTAINER: checked like Docker would, then noted as ignored. */
  private void ignored(Loc loc, String rest, String instruction) {
    String args = noFlags(loc, rest, instruction, "");
    if (args == null) {
      return;
    }
    if (args.isEmpty()) {
      problem(loc, instruction + " has no arguments", "remove it; it would be ignored anyway");
      return;
    }
    if (!instruction.equals("MAINTAINER")) {
      List<String> words = switch (instruction) {
        case "STOPSIGNAL" -> List.of(args);
        case "VOLUME" -> {
          JsonArgs.Result json = JsonArgs.parse(args);
          yield json.kind() == JsonArgs.Kind.STRINGS ? json.values() : Text.splitTokens(args, -1);
        }
        default -> Text.splitTokens(args, -1);
      };
      Substitution.Vars vars = vars();
      for (String word : words) {
        try {
          expand(word, vars);
        } catch (WordError e) {
          problem(loc, e);
          return;
        }
      }
    }
    note(loc.field() + switch (instruction) {
      case "MAINTAINER" -> " is deprecated and has no effect here; ignored (use LABEL org.opencontainers.image.authors=...)";
      default -> " has no effect on a unikernel image; ignored";
    });
  }
}
