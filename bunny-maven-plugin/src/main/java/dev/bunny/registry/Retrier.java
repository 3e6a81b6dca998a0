package dev.bunny.registry;

import dev.bunny.build.BuildFailure;
import dev.bunny.build.BuildLog;
import java.io.IOException;

/** Runs registry calls, pushes and pulls alike, retrying transient failures as a {@link RetryPolicy} says. */
public final class Retrier {

  /** A registry call that may fail transiently. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws BuildFailure, TransientRegistryException, IOException;
  }

  private final RetryPolicy policy;
  private final BuildLog log;
  private final String afterFailure;

  public Retrier(RetryPolicy policy, BuildLog log) {
    this(policy, log, "");
  }

  /** @param afterFailure appended to the final failure's message (what state the failure left) */
  public Retrier(RetryPolicy policy, BuildLog log, String afterFailure) {
    this.policy = policy;
    this.log = log;
    this.afterFailure = afterFailure;
  }

  public <T> T run(String what, Call<T> call) throws BuildFailure, IOException {
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
    throw new BuildFailure("cannot " + what + " after " + policy.attempts() + " attempts: " + last.getMessage()
        + afterFailure);
  }
}
