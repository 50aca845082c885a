package io.reenact.common;

import java.util.Objects;

import io.reenact.schema.DeadLetter;

/**
 * The outcome of decoding one record inside a topology: either the value, or the DeadLetter that
 * says why not (with the original bytes). Lets a stage branch bad records to the dead-letter topic
 * instead of letting a deserialiser exception stop the stream.
 */
public final class Decoded<T> {

    private final T value;
    private final DeadLetter deadLetter;

    private Decoded(T value, DeadLetter deadLetter) {
        this.value = value;
        this.deadLetter = deadLetter;
    }

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Decoded<T> failed(DeadLetter deadLetter) {
        return new Decoded<>(null, Objects.requireNonNull(deadLetter, "deadLetter"));
    }

    public boolean ok() {
        return deadLetter == null;
    }

    public boolean failed() {
        return deadLetter != null;
    }

    /** The decoded value; throws on a failed result. */
    public T value() {
        if (deadLetter != null) {
            throw new IllegalStateException("record did not decode: " + deadLetter.getReason());
        }
        return value;
    }

    /** The dead letter; throws on a successful result. */
    public DeadLetter deadLetter() {
        if (deadLetter == null) {
            throw new IllegalStateException("record decoded fine; there is no dead letter");
        }
        return deadLetter;
    }

    @Override
    public String toString() {
        return ok() ? "Decoded.ok(" + value.getClass().getSimpleName() + ")" : "Decoded.failed(" + deadLetter.getReason() + ")";
    }
}
