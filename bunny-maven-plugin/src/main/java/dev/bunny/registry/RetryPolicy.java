package dev.bunny.registry;

import java.time.Duration;

/**
 * How often a failed registry call is tried again: {@code attempts} tries in all, waiting {@code
 * firstDelay}, then twice as long each time. The default (4 attempts: waits of 1, 2 and 4 s) gives
 * a flaky registry 7 s to recover, and a dead one fails in seconds rather than minutes.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Sleeper sleeper) {

  /** Waits; replaced in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** The wait after failed attempt {@code n} (1-based). */
  public Duration delayAfter(int n) {
    return firstDelay.multipliedBy(1L << Math.min(n - 1, 16));
  }
}
