package io.reenact.model;

import java.util.Objects;

/** A foreground mask: one byte per pixel, 0 = background, 255 = foreground, row-major. */
public record Mask(int width, int height, byte[] alpha) {

    public Mask {
        Objects.requireNonNull(alpha, "alpha");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
        }
        if (alpha.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " bytes for a " + width + "x" + height + " mask, got " + alpha.length);
        }
    }

    /** Foreground value 0..255 at (x, y). */
    public int get(int x, int y) {
        return alpha[y * width + x] & 0xff;
    }
}
