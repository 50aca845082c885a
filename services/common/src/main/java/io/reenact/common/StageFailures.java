package io.reenact.common;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last failure of this process's stages that health must show: a write that failed for good, a
 * stream thread that died. Kafka Streams creates its handlers from class names, so they report here,
 * process-wide, and the health checks read it: a stage is DOWN while its last failure is recent.
 */
public final class StageFailures {

    /** How long a failure keeps health DOWN: long enough for a probe or a person to see it. */
    public static final Duration SHOWN_FOR = Duration.ofSeconds(30);

    /** One failure. */
    public record Failure(long atMs, String what) {
    }

    private static final AtomicReference<Failure> LAST = new AtomicReference<>();

    private StageFailures() {
    }

    public static void recordWriteFailure(String what) {
        LAST.set(new Failure(System.currentTimeMillis(), what));
    }

    public static void recordThreadFailure(Throwable e) {
        LAST.set(new Failure(System.currentTimeMillis(), "a stream thread failed: " + e));
    }

    /** The last failure when it happened within {@link #SHOWN_FOR} of {@code nowMs}. */
    public static Optional<Failure> recent(long nowMs) {
        Failure f = LAST.get();
        return f != null && nowMs - f.atMs() <= SHOWN_FOR.toMillis() ? Optional.of(f) : Optional.empty();
    }

    /** The last failure this process recorded, however old. */
    public static Optional<Failure> last() {
        return Optional.ofNullable(LAST.get());
    }

    /** For tests. */
    public static void clear() {
        LAST.set(null);
    }
}
