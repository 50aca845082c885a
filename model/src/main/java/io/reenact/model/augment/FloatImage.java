package io.reenact.model.augment;

import io.reenact.model.RgbImage;

/**
 * A working copy of an RGB image as interleaved floats in 0..255, so that chains of pixel operations
 * do not round to bytes after every step.
 */
final class FloatImage {
    final int width;
    final int height;
    final float[] v;

    FloatImage(int width, int height, float[] v) {
        this.width = width;
        this.height = height;
        this.v = v;
    }

    static FloatImage of(RgbImage image) {
        byte[] p = image.pixels();
        float[] v = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = p[i] & 0xff;
        }
        return new FloatImage(image.width(), image.height(), v);
    }

    FloatImage blankLike() {
        return new FloatImage(width, height, new float[v.length]);
    }

    RgbImage toRgb() {
        byte[] p = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = (byte) clampToByte(v[i]);
        }
        return new RgbImage(width, height, p);
    }

    static int clampToByte(float x) {
        int r = Math.round(x);
        return r < 0 ? 0 : (r > 255 ? 255 : r);
    }

    /** Index reflected into 0..n-1 without repeating the edge pixel (numpy's "reflect"). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }
}
