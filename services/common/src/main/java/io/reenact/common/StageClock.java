package io.reenact.common;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall-clock milliseconds for stage timings and frame deadlines. Stages take it as a parameter so a
 * TopologyTestDriver test can move time and check the deadline logic deterministically.
 */
@FunctionalInterface
public interface StageClock {

    long nowMs();

    static StageClock system() {
        return System::currentTimeMillis;
    }

    /** A clock that moves only when told to. */
    static Manual manual(long startMs) {
        return new Manual(startMs);
    }

    final class Manual implements StageClock {
        private final AtomicLong now;

        private Manual(long startMs) {
            this.now = new AtomicLong(startMs);
        }

        @Override
        public long nowMs() {
            return now.get();
        }

        public Manual advance(long ms) {
            now.addAndGet(ms);
            return this;
        }

        public Manual set(long ms) {
            now.set(ms);
            return this;
        }
    }
}
