package io.reenact.model;

/**
 * One rendered frame, copied out of the engine.
 *
 * @param image the paper's output, RGB × mask (black background)
 * @param rgb   the generator's colour channels, clamped to [0, 255]
 * @param mask  the generator's foreground mask
 */
public record Rendering(RgbImage image, RgbImage rgb, Mask mask) {
}
