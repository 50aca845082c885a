package io.reenact.stages;

import io.reenact.model.RgbImage;

/**
 * Small head-like test images: a skin-coloured ellipse with darker eyes and mouth on a gradient
 * background, moving a little with {@code t}, so consecutive frames differ and encoders see
 * structured content rather than noise.
 */
public final class TestFrames {

    private TestFrames() {
    }

    public static RgbImage head(int size, long seed, int t) {
        byte[] px = new byte[size * size * 3];
        double cx = size * (0.5 + 0.08 * Math.sin(t * 0.3 + seed));
        double cy = size * (0.52 + 0.05 * Math.cos(t * 0.2 + seed));
        double rx = size * (0.22 + 0.03 * (seed % 3));
        double ry = size * 0.30;
        int skinR = 200 - (int) (seed % 5) * 20;
        int skinG = 160 - (int) (seed % 4) * 15;
        int skinB = 130 - (int) (seed % 3) * 20;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int o = (y * size + x) * 3;
                double dx = (x - cx) / rx;
                double dy = (y - cy) / ry;
                int r;
                int g;
                int b;
                if (dx * dx + dy * dy <= 1) {
                    r = skinR;
                    g = skinG;
                    b = skinB;
                    boolean eye = Math.abs(dy + 0.25) < 0.08 && Math.abs(Math.abs(dx) - 0.4) < 0.12;
                    boolean mouth = Math.abs(dy - 0.45) < 0.05 + 0.03 * Math.sin(t * 0.5) && Math.abs(dx) < 0.35;
                    if (eye || mouth) {
                        r /= 4;
                        g /= 4;
                        b /= 4;
                    }
                } else {
                    r = (int) (40 + 120.0 * x / size);
                    g = (int) (60 + 100.0 * y / size);
                    b = 150;
                }
                px[o] = (byte) r;
                px[o + 1] = (byte) g;
                px[o + 2] = (byte) b;
            }
        }
        return new RgbImage(size, size, px);
    }
}
