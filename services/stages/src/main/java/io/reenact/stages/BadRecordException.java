package io.reenact.stages;

import io.reenact.common.DeadLetterReason;

/**
 * A record a stage cannot process because of what it contains (not because the stage is broken).
 * Its reason becomes the dead letter's reason, written for the person reading the dead-letter
 * topic: what was wrong, with the values.
 */
public class BadRecordException extends RuntimeException {

    private final DeadLetterReason kind;

    public BadRecordException(DeadLetterReason kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public BadRecordException(DeadLetterReason kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    public DeadLetterReason kind() {
        return kind;
    }

    /** The dead letter's reason string, e.g. {@code CORRUPT_IMAGE: corrupt JPEG: ...}. */
    public String reason() {
        return kind.with(getMessage());
    }
}
