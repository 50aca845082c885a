package io.reenact.model.eval;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * High-frequency energy inside a face: the sum of the squared Laplacian of the luma over pixels
 * whose whole 3×3 neighbourhood is foreground (so the silhouette's edge, which a blob has too, does
 * not count). A blur has little of it; the ratio of an output's to its ground truth's is 1 when
 * the output is as sharp as the truth.
 */
public final class Sharpness {

    private Sharpness() {
    }

    public static double energy(RgbImage image, Mask inside) {
        int w = image.width();
        int h = image.height();
        byte[] p = image.pixels();
        byte[] m = inside.alpha();
        double[] luma = new double[w * h];
        for (int i = 0; i < w * h; i++) {
            luma[i] = 0.299 * (p[i * 3] & 0xff) + 0.587 * (p[i * 3 + 1] & 0xff) + 0.114 * (p[i * 3 + 2] & 0xff);
        }
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                if (!interior(m, w, x, y)) {
                    continue;
                }
                int i = y * w + x;
                double lap = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w];
                sum += lap * lap;
            }
        }
        return sum;
    }

    private static boolean interior(byte[] m, int w, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if ((m[(y + dy) * w + x + dx] & 0xff) < 128) {
                    return false;
                }
            }
        }
        return true;
    }
}
