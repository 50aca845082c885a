package io.reenact.ingest;

import io.reenact.model.RgbImage;

/**
 * Centre square crop of a frame, resampled to the model's size by area averaging.
 *
 * <p>This is the stop-gap framing policy until face detection lands: it assumes the head is
 * roughly centred, as in a webcam or a talking-head clip. The paper crops a square of 1.8 x the
 * face box instead; that replaces this class once a detector exists.
 */
public final class SquareCrop {

    private final int size;

    public SquareCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Crops {@code rgb} (interleaved, {@code stride} bytes per row) and resizes the square. */
    public RgbImage apply(byte[] rgb, int width, int height, int stride) {
        int side = Math.min(width, height);
        int x0 = (width - side) / 2;
        int y0 = (height - side) / 2;
        byte[] out = new byte[size * size * 3];
        double scale = (double) side / size;
        for (int oy = 0; oy < size; oy++) {
            // area average: each output pixel covers [sy0, sy1) x [sx0, sx1) of the source square,
            // which keeps downscaled edges free of the aliasing nearest/bilinear sampling gives
            int sy0 = y0 + (int) Math.floor(oy * scale);
            int sy1 = Math.max(sy0 + 1, y0 + (int) Math.floor((oy + 1) * scale));
            for (int ox = 0; ox < size; ox++) {
                int sx0 = x0 + (int) Math.floor(ox * scale);
                int sx1 = Math.max(sx0 + 1, x0 + (int) Math.floor((ox + 1) * scale));
                int r = 0, g = 0, b = 0, n = 0;
                for (int sy = sy0; sy < sy1; sy++) {
                    int row = sy * stride;
                    for (int sx = sx0; sx < sx1; sx++) {
                        int p = row + sx * 3;
                        r += rgb[p] & 0xff;
                        g += rgb[p + 1] & 0xff;
                        b += rgb[p + 2] & 0xff;
                        n++;
                    }
                }
                int o = (oy * size + ox) * 3;
                out[o] = (byte) ((r + n / 2) / n);
                out[o + 1] = (byte) ((g + n / 2) / n);
                out[o + 2] = (byte) ((b + n / 2) / n);
            }
        }
        return new RgbImage(size, size, out);
    }

    public RgbImage apply(RgbImage image) {
        if (image.width() == size && image.height() == size) {
            return image;
        }
        return apply(image.pixels(), image.width(), image.height(), image.width() * 3);
    }
}
