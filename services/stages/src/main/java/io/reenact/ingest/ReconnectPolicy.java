package io.reenact.ingest;

import java.time.Duration;

/**
 * How a live source is retried after it dies or stalls: a bounded number of attempts with
 * exponential backoff. Bounded on purpose: a service must report a dead camera, not hang on it.
 *
 * @param maxAttempts reconnect attempts after a failure (0 = fail at once)
 * @param initialBackoff wait before the first reconnect
 * @param maxBackoff cap on the doubling wait
 * @param readTimeout how long one open or read may block before the source counts as stalled
 */
public record ReconnectPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration readTimeout) {

    public ReconnectPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
        if (readTimeout.isZero() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("readTimeout must be positive");
        }
    }

    /** Five attempts, 0.5 s doubling to 8 s, a 5 s read timeout. */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(5));
    }

    public static ReconnectPolicy never(Duration readTimeout) {
        return new ReconnectPolicy(0, Duration.ZERO, Duration.ZERO, readTimeout);
    }

    /**
     * How long a connection must run before its reconnect attempts are forgiven: ten read
     * timeouts, so a source that connects and stalls again at once still uses up the attempts.
     */
    public Duration healthyAfter() {
        return readTimeout.multipliedBy(10);
    }

    /** Wait before reconnect attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
