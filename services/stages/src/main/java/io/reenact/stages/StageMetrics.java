package io.reenact.stages;

/**
 * What a stage reports about itself. Plain Java so the stages stay free of any metrics library:
 * the Quarkus services implement it with Micrometer counters and timers, the CLI with
 * {@link RecordedStageMetrics} to print percentiles.
 *
 * <p>Called from stream threads: implementations must be thread-safe.
 */
public interface StageMetrics {

    /** A record was read from the stage's input topic. */
    void received(String stage);

    /**
     * A record was written to the stage's output topic.
     *
     * @param processingMicros from receipt to output, inside the stage
     * @param modelMicros the part of it spent in the network
     * @param endToEndMillis from the frame's capture time to now (0 where a record has none)
     */
    void emitted(String stage, long processingMicros, long modelMicros, long endToEndMillis);

    /** A frame older than the stage's deadline was dropped (live video must not build lag). */
    void dropped(String stage);

    /** A record went to the dead-letter topic. */
    void deadLettered(String stage, String reason);

    /** Reports nothing. */
    StageMetrics NONE = new StageMetrics() {
        @Override
        public void received(String stage) {
        }

        @Override
        public void emitted(String stage, long processingMicros, long modelMicros, long endToEndMillis) {
        }

        @Override
        public void dropped(String stage) {
        }

        @Override
        public void deadLettered(String stage, String reason) {
        }
    };
}
