package io.reenact.model.eval;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * Image-quality figures restricted to a region (the ground-truth foreground), on 8-bit RGB:
 * PSNR over the masked pixels, and SSIM (uniform 7×7 window, constants of Wang et al.) averaged over
 * the window centres inside the mask. Restricting both to the foreground keeps the black background,
 * which output and reference share trivially, from inflating the numbers.
 */
public final class ImageMetrics {

    private static final int WINDOW = 7;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private ImageMetrics() {
    }

    /** Mean squared error (0..255² scale) over pixels with mask ≥ 128 (NaN if the mask is empty). */
    public static double maskedMse(RgbImage a, RgbImage b, Mask mask) {
        check(a, b, mask);
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        byte[] m = mask.alpha();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < m.length; i++) {
            if ((m[i] & 0xff) >= 128) {
                for (int c = 0; c < 3; c++) {
                    double d = (pa[i * 3 + c] & 0xff) - (pb[i * 3 + c] & 0xff);
                    sum += d * d;
                }
                n += 3;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** PSNR in dB over the masked pixels; capped at 99 dB for identical regions. */
    public static double maskedPsnr(RgbImage a, RgbImage b, Mask mask) {
        double mse = maskedMse(a, b, mask);
        if (Double.isNaN(mse)) {
            return Double.NaN;
        }
        return mse <= 0 ? 99.0 : Math.min(99.0, 10 * Math.log10(255.0 * 255.0 / mse));
    }

    /** Mean SSIM over the three channels and over 7×7 windows whose centre lies inside the mask. */
    public static double maskedSsim(RgbImage a, RgbImage b, Mask mask) {
        check(a, b, mask);
        int w = a.width();
        int h = a.height();
        int r = WINDOW / 2;
        double total = 0;
        long n = 0;
        double area = WINDOW * WINDOW;
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                if (mask.get(x, y) < 128) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            double va = a.get(x + dx, y + dy, c);
                            double vb = b.get(x + dx, y + dy, c);
                            sa += va;
                            sb += vb;
                            saa += va * va;
                            sbb += vb * vb;
                            sab += va * vb;
                        }
                    }
                    double ma = sa / area;
                    double mb = sb / area;
                    double va = saa / area - ma * ma;
                    double vb = sbb / area - mb * mb;
                    double cov = sab / area - ma * mb;
                    total += (2 * ma * mb + C1) * (2 * cov + C2) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : total / n;
    }

    /** Intersection over union of two masks thresholded at 128. */
    public static double maskIou(Mask a, Mask b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("mask sizes differ");
        }
        long inter = 0;
        long union = 0;
        for (int i = 0; i < a.alpha().length; i++) {
            boolean fa = (a.alpha()[i] & 0xff) >= 128;
            boolean fb = (b.alpha()[i] & 0xff) >= 128;
            inter += fa && fb ? 1 : 0;
            union += fa || fb ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    /** The mask's pixels whose whole (2r+1)² neighbourhood is inside it (≥ 128); the rest 0. */
    public static Mask eroded(Mask mask, int r) {
        int w = mask.width();
        int h = mask.height();
        byte[] a = mask.alpha();
        byte[] o = new byte[a.length];
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                boolean inside = true;
                for (int dy = -r; dy <= r && inside; dy++) {
                    for (int dx = -r; dx <= r && inside; dx++) {
                        inside = (a[(y + dy) * w + x + dx] & 0xff) >= 128;
                    }
                }
                o[y * w + x] = inside ? a[y * w + x] : 0;
            }
        }
        return new Mask(w, h, o);
    }

    /** Pixel-wise union of two masks (max). */
    public static Mask union(Mask a, Mask b) {
        byte[] o = new byte[a.alpha().length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (byte) Math.max(a.alpha()[i] & 0xff, b.alpha()[i] & 0xff);
        }
        return new Mask(a.width(), a.height(), o);
    }

    /** The image with its background blacked out: rgb × mask/255 (the paper's output convention). */
    public static RgbImage composeOnBlack(RgbImage img, Mask mask) {
        byte[] p = img.pixels();
        byte[] o = new byte[p.length];
        byte[] m = mask.alpha();
        for (int i = 0; i < m.length; i++) {
            int a = m[i] & 0xff;
            for (int c = 0; c < 3; c++) {
                o[i * 3 + c] = (byte) Math.round((p[i * 3 + c] & 0xff) * a / 255f);
            }
        }
        return new RgbImage(img.width(), img.height(), o);
    }

    /** Pixel-wise mean of images (each already composed as wanted). */
    public static RgbImage mean(java.util.List<RgbImage> images) {
        RgbImage first = images.get(0);
        int[] acc = new int[first.pixels().length];
        for (RgbImage img : images) {
            byte[] p = img.pixels();
            for (int i = 0; i < acc.length; i++) {
                acc[i] += p[i] & 0xff;
            }
        }
        byte[] o = new byte[acc.length];
        for (int i = 0; i < acc.length; i++) {
            o[i] = (byte) Math.round((float) acc[i] / images.size());
        }
        return new RgbImage(first.width(), first.height(), o);
    }

    private static void check(RgbImage a, RgbImage b, Mask m) {
        if (a.width() != b.width() || a.height() != b.height() || a.width() != m.width() || a.height() != m.height()) {
            throw new IllegalArgumentException("image / mask sizes differ");
        }
    }
}
