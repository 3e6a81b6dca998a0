package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import dev.bunny.registry.RetryPolicy;
import dev.bunny.registry.TransientRegistryException;
import java.io.IOException;

/** Runs registry calls, retrying transient failures as a {@link RetryPolicy} says. */
final class Retrier {

  /** A registry call that may fail transiently. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws BuildFailure, TransientRegistryException, IOException;
  }

  private final RetryPolicy policy;
  private final BuildLog log;

  Retrier(RetryPolicy policy, BuildLog log) {
    this.policy = policy;
    this.log = log;
  }

  <T> T run(String what, Call<T> call) throws BuildFailure, IOException {
    TransientRegistryException last = null;
    for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
      try {
        return call.run();
      } catch (TransientRegistryException e) {
        last = e;
        if (attempt < policy.attempts()) {
          long seconds = Math.max(1, policy.delayAfter(attempt).toSeconds());
          log.warn(e.getMessage() + "; retrying in " + seconds + " s (attempt " + (attempt + 1) + " of "
              + policy.attempts() + ")");
          try {
            policy.sleeper().sleep(policy.delayAfter(attempt));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("interrupted while waiting to retry: " + what);
          }
        }
      }
    }
    throw new BuildFailure("cannot " + what + " after " + policy.attempts() + " attempts: " + last.getMessage());
  }
}
