package io.reenact.common;

/**
 * Why a record went to the dead-letter topic. The DeadLetter's {@code reason} field is
 * {@code CODE: detail}, so metrics can count by code while people read the detail.
 */
public enum DeadLetterReason {
    /** The value is not a record of the expected type (garbage, truncated, unknown schema). */
    UNDECODABLE_RECORD,
    /** The image bytes do not decode as the declared JPEG/PNG/RGB24 frame. */
    CORRUPT_IMAGE,
    /** Declared width/height disagree with the image, or are outside what the stage accepts. */
    WRONG_DIMENSIONS,
    /** The frame is larger than the stage accepts. */
    OVERSIZED_FRAME,
    /** No session binding for the stream id. */
    UNKNOWN_BINDING,
    /** The bound avatar does not exist (never enrolled, or deleted). */
    UNKNOWN_AVATAR,
    /** NaN or infinity in an embedding or identity vector. */
    NON_FINITE_EMBEDDING,
    /** Anything else a stage threw while processing the record. */
    PROCESSING_FAILED;

    /** The DeadLetter reason text, {@code CODE: detail}. */
    public String with(String detail) {
        return detail == null || detail.isBlank() ? name() : name() + ": " + detail;
    }

    /** The code at the start of a DeadLetter reason, or PROCESSING_FAILED when it has none. */
    public static DeadLetterReason of(String reason) {
        if (reason == null) {
            return PROCESSING_FAILED;
        }
        int colon = reason.indexOf(':');
        String code = (colon < 0 ? reason : reason.substring(0, colon)).strip();
        for (DeadLetterReason r : values()) {
            if (r.name().equals(code)) {
                return r;
            }
        }
        return PROCESSING_FAILED;
    }
}
