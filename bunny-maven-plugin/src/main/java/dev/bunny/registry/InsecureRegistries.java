package dev.bunny.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registries the user allowed to be reached over plain HTTP or with a certificate that is not
 * verified. Empty by default. An entry {@code host:port} matches exactly that registry; an entry
 * {@code host} matches that host on any port. Nothing else matches: no wildcards, no subdomains,
 * no implicit loopback exception.
 */
public final class InsecureRegistries {

  private static final Pattern ENTRY = Pattern.compile(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])"
          + "(?::[0-9]{1,5})?");

  /** No registry is insecure. */
  public static final InsecureRegistries NONE = new InsecureRegistries(Set.of());

  private final Set<String> entries;

  private InsecureRegistries(Set<String> entries) {
    this.entries = entries;
  }

  /**
   * Parses entries; each may itself be a comma-separated list (as a {@code -D} property gives
   * them). Blank parts are ignored; a scheme ({@code http://}) or a path is an error.
   *
   * @param what names the setting in error messages, e.g. {@code <insecureRegistries>}
   * @throws IllegalArgumentException naming the bad entry and what is accepted
   */
  public static InsecureRegistries parse(Collection<String> values, String what) {
    if (values == null) {
      return NONE;
    }
    Set<String> parsed = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      for (String part : value.split(",")) {
        String entry = part.trim();
        if (entry.isEmpty()) {
          continue;
        }
        if (!ENTRY.matcher(entry).matches()) {
          throw new IllegalArgumentException(what + ": '" + entry + "' is not a registry; give host or host:port"
              + " (e.g. 127.0.0.1:5000 or registry.local), without http:// and without a path");
        }
        parsed.add(entry.toLowerCase(Locale.ROOT));
      }
    }
    return parsed.isEmpty() ? NONE : new InsecureRegistries(Set.copyOf(parsed));
  }

  /** Whether {@code registry} ({@code host[:port]} as in the image name) was named insecure. */
  public boolean allows(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    return entries.contains(r) || entries.contains(RegistryRef.hostOf(r));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entries, sorted, for log lines. */
  public List<String> entries() {
    List<String> list = new ArrayList<>(entries);
    list.sort(null);
    return list;
  }

  @Override
  public String toString() {
    return entries().toString();
  }
}
