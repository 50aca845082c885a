package io.reenact.model;

import java.util.Objects;

/**
 * An 8-bit RGB image, interleaved and row-major ({@code pixels[(y * width + x) * 3 + c]}).
 * The one image type every part of the project passes around: renderer, networks, pipeline.
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected " + width * height * 3 + " bytes for " + width + "x" + height + " RGB, got " + pixels.length);
        }
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    /** Channel value 0..255 at (x, y). */
    public int get(int x, int y, int channel) {
        return pixels[(y * width + x) * 3 + channel] & 0xff;
    }
}
