package io.reenact.model.data;

/** Seed arithmetic shared by the generator: a bijective 64-bit mixer (SplitMix64's finaliser). */
final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A bijection on 64-bit values: distinct inputs always give distinct outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Combines a base seed with a stream key; for a fixed base it is a bijection of the key. */
    static long derive(long base, long key) {
        return mix(mix(base) + key * GOLDEN);
    }
}
