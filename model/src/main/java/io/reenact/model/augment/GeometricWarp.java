package io.reenact.model.augment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * The geometric part of the pose augmentation: an axis-aligned scale about the image centre
 * followed by an integer shift, sampled bilinearly with reflect padding (the paper's choice, so the
 * border never turns into a black frame the pose encoder could key on).
 */
final class GeometricWarp {

    private GeometricWarp() {
    }

    /** Scales by (sx, sy) about the centre, then shifts by (dx, dy) pixels. */
    static FloatImage scaleAndShift(FloatImage src, double sx, double sy, int dx, int dy) {
        int w = src.width;
        int h = src.height;
        FloatImage out = src.blankLike();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        float[] s = src.v;
        float[] o = out.v;
        for (int y = 0; y < h; y++) {
            double fy = (y - dy - cy) / sy + cy;
            int y0 = (int) Math.floor(fy);
            float wy = (float) (fy - y0);
            int ya = FloatImage.reflect(y0, h) * w;
            int yb = FloatImage.reflect(y0 + 1, h) * w;
            for (int x = 0; x < w; x++) {
                double fx = (x - dx - cx) / sx + cx;
                int x0 = (int) Math.floor(fx);
                float wx = (float) (fx - x0);
                int xa = FloatImage.reflect(x0, w);
                int xb = FloatImage.reflect(x0 + 1, w);
                int i00 = (ya + xa) * 3;
                int i01 = (ya + xb) * 3;
                int i10 = (yb + xa) * 3;
                int i11 = (yb + xb) * 3;
                int oi = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float top = s[i00 + c] + (s[i01 + c] - s[i00 + c]) * wx;
                    float bottom = s[i10 + c] + (s[i11 + c] - s[i10 + c]) * wx;
                    o[oi + c] = top + (bottom - top) * wy;
                }
            }
        }
        return out;
    }

    /** A mask zoomed about the centre and shifted exactly as {@link #scaleAndShift(FloatImage, double, double, int, int)} moves an image. */
    static Mask scaleAndShift(Mask src, double zoom, int dx, int dy) {
        int w = src.width();
        int h = src.height();
        byte[] a = src.alpha();
        FloatImage f = new FloatImage(w, h, new float[a.length * 3]);
        for (int i = 0; i < a.length; i++) {
            float v = a[i] & 0xFF;
            f.v[i * 3] = v;
            f.v[i * 3 + 1] = v;
            f.v[i * 3 + 2] = v;
        }
        float[] moved = scaleAndShift(f, zoom, zoom, dx, dy).v;
        byte[] o = new byte[a.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (byte) Math.max(0, Math.min(255, Math.round(moved[i * 3])));
        }
        return new Mask(w, h, o);
    }

    /** Integer shift with reflect padding: exact, so target and mask stay pixel-aligned. */
    static RgbImage shift(RgbImage src, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        byte[] s = src.pixels();
        byte[] o = new byte[s.length];
        for (int y = 0; y < h; y++) {
            int sy = FloatImage.reflect(y - dy, h);
            for (int x = 0; x < w; x++) {
                int si = (sy * w + FloatImage.reflect(x - dx, w)) * 3;
                int oi = (y * w + x) * 3;
                o[oi] = s[si];
                o[oi + 1] = s[si + 1];
                o[oi + 2] = s[si + 2];
            }
        }
        return new RgbImage(w, h, o);
    }

    static Mask shift(Mask src, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        byte[] s = src.alpha();
        byte[] o = new byte[s.length];
        for (int y = 0; y < h; y++) {
            int sy = FloatImage.reflect(y - dy, h);
            for (int x = 0; x < w; x++) {
                o[y * w + x] = s[sy * w + FloatImage.reflect(x - dx, w)];
            }
        }
        return new Mask(w, h, o);
    }
}
