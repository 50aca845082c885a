package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.Objects;

/**
 * One rendered frame with its exact ground truth.
 *
 * @param image     the picture (person composited over the background)
 * @param mask      the person's coverage: 255 inside, 0 outside, fractional on anti-aliased edges;
 *                  {@code image = mask·person + (1 − mask)·background} holds pixel by pixel
 * @param landmarks 68 (x, y) pairs in pixels, iBUG-68 order (see {@link Landmarks68})
 */
public record RenderedFrame(RgbImage image, Mask mask, float[] landmarks) {

    public RenderedFrame {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(landmarks, "landmarks");
        if (landmarks.length != Landmarks68.COUNT * 2) {
            throw new IllegalArgumentException("expected 136 landmark coordinates, got " + landmarks.length);
        }
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("mask and image sizes differ");
        }
    }
}
