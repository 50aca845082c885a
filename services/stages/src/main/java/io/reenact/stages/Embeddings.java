package io.reenact.stages;

import io.reenact.common.DeadLetterReason;
import java.util.List;

/** Checks on the float vectors that travel between stages (pose descriptors, identities). */
public final class Embeddings {

    private Embeddings() {
    }

    /** Throws a NON_FINITE_EMBEDDING refusal when any element is NaN or infinite. */
    public static void requireFinite(String what, float[] vector) {
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new BadRecordException(DeadLetterReason.NON_FINITE_EMBEDDING,
                        what + " has " + vector[i] + " at index " + i + " of " + vector.length);
            }
        }
    }

    /** Throws a WRONG_DIMENSIONS refusal when the length is not what the network takes. */
    public static void requireLength(String what, float[] vector, int expected) {
        if (expected > 0 && vector.length != expected) {
            throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS,
                    what + " has " + vector.length + " elements, the network takes " + expected);
        }
    }

    public static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Float v = values.get(i);
            out[i] = v == null ? Float.NaN : v;
        }
        return out;
    }

    public static List<Float> toList(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
