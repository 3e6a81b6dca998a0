package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks the manifest a build wants from an index (OCI index or Docker manifest list), and checks
 * the platform of single-platform images. Architectures match with their synonyms ({@code
 * amd64}/{@code x86_64}, {@code arm64}/{@code aarch64}); operating systems in the order of
 * preference the {@link PlatformChoice} gives (kernels: the unikraft.org monitor names {@code
 * qemu}, {@code fc}, then {@code linux}). The variant only decides between otherwise equal
 * entries.
 */
public final class PlatformSelector {

  /**
   * One entry of an index.
   *
   * @param platform null when the entry names none
   * @param variant the platform variant ({@code v8}), or null
   */
  public record Entry(Descriptor descriptor, Platform platform, String variant) {

    /** {@code os/architecture[/variant]}. */
    public String platformText() {
      return platform == null ? "(no platform)" : platform + (variant == null ? "" : "/" + variant);
    }
  }

  private PlatformSelector() {}

  /** The entries of an index document. */
  @SuppressWarnings("unchecked")
  public static List<Entry> entries(Map<String, Object> index, String what) throws BuildFailure {
    List<Entry> entries = new ArrayList<>();
    int i = 0;
    for (Object node : SourceJson.array(index, "manifests", what)) {
      String where = what + " entry " + i++;
      Descriptor d = SourceJson.descriptor(node, where);
      Map<String, Object> p = SourceJson.object((Map<String, Object>) node, "platform", where);
      Platform platform = null;
      String variant = null;
      if (!p.isEmpty()) {
        String os = SourceJson.optString(p, "os", where + " platform");
        String arch = SourceJson.optString(p, "architecture", where + " platform");
        if (os != null && arch != null) {
          platform = new Platform(os, arch);
          d = d.withPlatform(platform);
        }
        variant = SourceJson.optString(p, "variant", where + " platform");
        if (variant != null && variant.isEmpty()) {
          variant = null;
        }
      }
      entries.add(new Entry(d, platform, variant));
    }
    return entries;
  }

  /** The OCI name of an architecture, for comparing: {@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}. */
  public static String normalArchitecture(String architecture) {
    String a = architecture.toLowerCase(Locale.ROOT);
    switch (a) {
      case "x86_64":
      case "x86-64":
      case "amd64":
        return "amd64";
      case "aarch64":
      case "arm64":
        return "arm64";
      default:
        return a;
    }
  }

  /** The variant an architecture means when an entry names none. */
  private static String defaultVariant(String normalArchitecture) {
    switch (normalArchitecture) {
      case "arm64":
        return "v8";
      case "arm":
        return "v7";
      default:
        return null;
    }
  }

  /**
   * The entry of an index that {@code choice} wants: the first operating system of the choice that
   * some entry with a matching architecture has; among equal entries one with the default (or no)
   * variant, else the first. Entries marked as attestations ({@code unknown/unknown}) never match.
   *
   * @param reference what the index came from, for the message
   * @return null when no entry has a platform at all (the caller may then look at the one entry's config)
   * @throws BuildFailure when entries have platforms but none matches, listing what is offered
   */
  public static Entry choose(List<Entry> entries, PlatformChoice choice, String reference) throws BuildFailure {
    String arch = normalArchitecture(choice.architecture());
    boolean anyPlatform = false;
    for (String os : choice.operatingSystems()) {
      Entry first = null;
      Entry preferred = null;
      for (Entry e : entries) {
        if (e.platform() == null) {
          continue;
        }
        anyPlatform = true;
        if (!e.platform().os().equalsIgnoreCase(os) || !normalArchitecture(e.platform().architecture()).equals(arch)) {
          continue;
        }
        if (first == null) {
          first = e;
        }
        if (preferred == null && (e.variant() == null || e.variant().equals(defaultVariant(arch)))) {
          preferred = e;
        }
      }
      if (first != null) {
        return preferred != null ? preferred : first;
      }
    }
    if (!anyPlatform) {
      return null;
    }
    throw new BuildFailure("'" + reference + "' offers " + String.join(", ", offered(entries)) + "; the build needs "
        + needed(choice) + ": set platform.architecture or pick another image");
  }

  /** What an index offers, for messages: distinct platforms in index order, without attestations. */
  static List<String> offered(List<Entry> entries) {
    Set<String> offered = new LinkedHashSet<>();
    for (Entry e : entries) {
      if (e.platform() != null && !isAttestation(e)) {
        offered.add(e.platformText());
      }
    }
    if (offered.isEmpty()) {
      offered.add("no usable platform");
    }
    return List.copyOf(offered);
  }

  private static boolean isAttestation(Entry e) {
    return "unknown".equals(e.platform().os()) && "unknown".equals(e.platform().architecture());
  }

  /** {@code qemu/x86_64 or linux/x86_64}. */
  static String needed(PlatformChoice choice) {
    List<String> forms = new ArrayList<>();
    for (String os : choice.operatingSystems()) {
      forms.add(os + "/" + choice.architecture());
    }
    return String.join(" or ", forms);
  }

  /**
   * Checks a single-platform image (a manifest without an index around it) by its config: the
   * architecture must match; an operating system not in the choice is accepted only if it is
   * {@code linux} (kraftkit and other tools label unikernel images so), with a debug note.
   *
   * @return the platform the config names, or one made from the choice when the config names none
   */
  public static Platform checkConfig(Map<String, Object> config, PlatformChoice choice, String reference, BuildLog log)
      throws BuildFailure {
    String os = SourceJson.optString(config, "os", "the config of '" + reference + "'");
    String arch = SourceJson.optString(config, "architecture", "the config of '" + reference + "'");
    if (arch == null || arch.isEmpty()) {
      log.debug("'" + reference + "' names no architecture in its config; assuming " + choice.architecture());
      arch = choice.architecture();
    } else if (!normalArchitecture(arch).equals(normalArchitecture(choice.architecture()))) {
      throw new BuildFailure("'" + reference + "' is a single-platform image for " + (os == null ? "?" : os) + "/" + arch
          + "; the build needs " + needed(choice) + ": set platform.architecture or pick another image");
    }
    if (os == null || os.isEmpty()) {
      log.debug("'" + reference + "' names no operating system in its config; accepting it for " + needed(choice));
      os = choice.operatingSystems().get(0);
    } else if (choice.operatingSystems().stream().noneMatch(os::equalsIgnoreCase)) {
      if (!os.equalsIgnoreCase("linux")) {
        throw new BuildFailure("'" + reference + "' is a single-platform image for " + os + "/" + arch
            + "; the build needs " + needed(choice) + ": pick another image");
      }
      log.debug("'" + reference + "' is a single-platform linux/" + arch + " image; accepting it for " + needed(choice));
    }
    return new Platform(os, arch);
  }
}
