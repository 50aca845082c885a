package io.reenact.stages;

import io.reenact.schema.DeadLetter;

/**
 * What a stage's processor made of one input record: either the value for the output topic or a
 * dead letter. Lives only between a processor and the split that routes it (never serialised).
 *
 * @param key the output key (the stream id on the live path; avatar id for enrolment)
 * @param modelMicros time in the network, for the metrics
 * @param captureTimeMs the frame's capture time, for end-to-end latency (0 when it has none)
 */
public record Outcome<T>(T value, DeadLetter deadLetter, String key, long modelMicros, long captureTimeMs) {

    public static <T> Outcome<T> ok(String key, T value, long modelMicros, long captureTimeMs) {
        return new Outcome<>(value, null, key, modelMicros, captureTimeMs);
    }

    public static <T> Outcome<T> rejected(DeadLetter deadLetter) {
        return new Outcome<>(null, deadLetter, null, 0, 0);
    }

    public boolean ok() {
        return deadLetter == null;
    }
}
