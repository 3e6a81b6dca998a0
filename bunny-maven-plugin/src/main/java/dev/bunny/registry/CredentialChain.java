package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credential sources in their documented order; the first that has a credential for a
 * registry wins, and none means anonymous access.
 */
public final class CredentialChain {

  private final List<CredentialLookup> lookups;

  public CredentialChain(List<CredentialLookup> lookups) {
    this.lookups = List.copyOf(lookups);
  }

  /** The first credential any source has for {@code registry}, or empty (anonymous). */
  public Optional<RegistryCredential> find(String registry) throws BuildFailure {
    for (CredentialLookup lookup : lookups) {
      Optional<RegistryCredential> found = lookup.find(registry);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** What every source looked at for {@code registry}, in order, for the "none found" log line. */
  public List<String> describe(String registry) {
    List<String> checked = new ArrayList<>();
    for (CredentialLookup lookup : lookups) {
      checked.add(lookup.describe(registry));
    }
    return checked;
  }
}
