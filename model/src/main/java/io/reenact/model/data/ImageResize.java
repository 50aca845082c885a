package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Resampling and conversion for images read from disk: area averaging when shrinking (no aliasing
 * from real 1080p frames), bilinear when enlarging; separable, pure Java.
 */
public final class ImageResize {

    private ImageResize() {
    }

    /** Interleaved channels {@code src} (w × h × c) → (ow × oh × c). */
    static byte[] resample(byte[] src, int w, int h, int c, int ow, int oh) {
        if (w == ow && h == oh) {
            return src.clone();
        }
        Axis ax = new Axis(w, ow);
        Axis ay = new Axis(h, oh);
        float[] tmp = new float[ow * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                for (int ch = 0; ch < c; ch++) {
                    float s = 0;
                    for (int k = ax.start[x]; k < ax.start[x + 1]; k++) {
                        s += ax.weight[k] * (src[(y * w + ax.index[k]) * c + ch] & 0xff);
                    }
                    tmp[(y * ow + x) * c + ch] = s;
                }
            }
        }
        byte[] out = new byte[ow * oh * c];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int ch = 0; ch < c; ch++) {
                    float s = 0;
                    for (int k = ay.start[y]; k < ay.start[y + 1]; k++) {
                        s += ay.weight[k] * tmp[(ay.index[k] * ow + x) * c + ch];
                    }
                    int v = Math.round(s);
                    out[(y * ow + x) * c + ch] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                }
            }
        }
        return out;
    }

    public static RgbImage resize(RgbImage img, int width, int height) {
        return new RgbImage(width, height, resample(img.pixels(), img.width(), img.height(), 3, width, height));
    }

    public static Mask resize(Mask mask, int width, int height) {
        return new Mask(width, height, resample(mask.alpha(), mask.width(), mask.height(), 1, width, height));
    }

    /** The centred square of a picture, then resized to size × size. */
    public static RgbImage squareRgb(BufferedImage img, int size) {
        int side = Math.min(img.getWidth(), img.getHeight());
        int x0 = (img.getWidth() - side) / 2;
        int y0 = (img.getHeight() - side) / 2;
        byte[] px = new byte[side * side * 3];
        int[] row = new int[side];
        for (int y = 0; y < side; y++) {
            img.getRGB(x0, y0 + y, side, 1, row, 0, side);
            for (int x = 0; x < side; x++) {
                int p = row[x];
                int o = (y * side + x) * 3;
                px[o] = (byte) (p >> 16);
                px[o + 1] = (byte) (p >> 8);
                px[o + 2] = (byte) p;
            }
        }
        return new RgbImage(size, size, resample(px, side, side, 3, size, size));
    }

    /**
     * The centred square of a mask picture, resized. Grey images are read as they are; colour
     * images by their luminance, or their alpha channel when they have one.
     */
    public static Mask squareMask(BufferedImage img, int size) {
        int side = Math.min(img.getWidth(), img.getHeight());
        int x0 = (img.getWidth() - side) / 2;
        int y0 = (img.getHeight() - side) / 2;
        byte[] a = new byte[side * side];
        Raster raster = img.getRaster();
        boolean gray = raster.getNumBands() == 1;
        boolean alpha = img.getColorModel().hasAlpha();
        int[] row = new int[side];
        for (int y = 0; y < side; y++) {
            if (gray) {
                raster.getSamples(x0, y0 + y, side, 1, 0, row);
                int max = (1 << img.getColorModel().getComponentSize(0)) - 1;
                for (int x = 0; x < side; x++) {
                    a[y * side + x] = (byte) (row[x] * 255 / max);
                }
            } else {
                img.getRGB(x0, y0 + y, side, 1, row, 0, side);
                for (int x = 0; x < side; x++) {
                    int p = row[x];
                    int v = alpha ? (p >>> 24)
                            : (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
                    a[y * side + x] = (byte) v;
                }
            }
        }
        return new Mask(size, size, resample(a, side, side, 1, size, size));
    }

    /** Per-output-pixel source indices and weights along one axis. */
    private static final class Axis {
        final int[] start;
        final int[] index;
        final float[] weight;

        Axis(int in, int out) {
            start = new int[out + 1];
            java.util.List<int[]> idx = new java.util.ArrayList<>();
            java.util.List<Float> wts = new java.util.ArrayList<>();
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                start[o] = wts.size();
                if (scale > 1) {
                    double lo = o * scale;
                    double hi = lo + scale;
                    for (int i = (int) Math.floor(lo); i < Math.min(in, (int) Math.ceil(hi)); i++) {
                        double ov = Math.min(hi, i + 1) - Math.max(lo, i);
                        if (ov > 0) {
                            idx.add(new int[] {i});
                            wts.add((float) (ov / scale));
                        }
                    }
                } else {
                    double s = (o + 0.5) * scale - 0.5;
                    int i0 = (int) Math.floor(s);
                    double f = s - i0;
                    int a = Math.max(0, Math.min(in - 1, i0));
                    int b = Math.max(0, Math.min(in - 1, i0 + 1));
                    idx.add(new int[] {a});
                    wts.add((float) (1 - f));
                    idx.add(new int[] {b});
                    wts.add((float) f);
                }
            }
            start[out] = wts.size();
            index = new int[wts.size()];
            weight = new float[wts.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = idx.get(i)[0];
                weight[i] = wts.get(i);
            }
        }
    }
}
