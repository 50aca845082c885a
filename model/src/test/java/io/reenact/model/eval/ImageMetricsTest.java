package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    private static RgbImage random(int seed) {
        byte[] p = new byte[32 * 32 * 3];
        new Random(seed).nextBytes(p);
        return new RgbImage(32, 32, p);
    }

    private static Mask leftHalf() {
        byte[] a = new byte[32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 16; x++) {
                a[y * 32 + x] = (byte) 255;
            }
        }
        return new Mask(32, 32, a);
    }

    @Test
    void identicalRegionsGiveCappedPsnrAndUnitSsim() {
        RgbImage a = random(1);
        assertEquals(99.0, ImageMetrics.maskedPsnr(a, a, leftHalf()));
        assertEquals(1.0, ImageMetrics.maskedSsim(a, a, leftHalf()), 1e-9);
    }

    @Test
    void psnrCountsOnlyMaskedPixels() {
        RgbImage a = RgbImage.blank(32, 32);
        byte[] p = new byte[32 * 32 * 3];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                // left half off by 10, right half off by 100: only the left half counts
                int v = x < 16 ? 10 : 100;
                for (int c = 0; c < 3; c++) {
                    p[(y * 32 + x) * 3 + c] = (byte) v;
                }
            }
        }
        RgbImage b = new RgbImage(32, 32, p);
        assertEquals(10 * Math.log10(255.0 * 255.0 / 100.0), ImageMetrics.maskedPsnr(a, b, leftHalf()), 1e-9);
    }

    @Test
    void ssimDropsForUnrelatedImages() {
        assertTrue(ImageMetrics.maskedSsim(random(1), random(2), leftHalf()) < 0.1);
    }

    @Test
    void erodingTakesTheOutlineBandOff() {
        // the left half of 32 columns: columns 0-15 inside; 2 px in leaves columns 2-13 of rows 2-29
        Mask inside = ImageMetrics.eroded(leftHalf(), 2);
        int count = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean kept = inside.get(x, y) >= 128;
                assertEquals(x >= 2 && x <= 13 && y >= 2 && y <= 29, kept, x + "," + y);
                count += kept ? 1 : 0;
            }
        }
        assertEquals(12 * 28, count);
    }

    @Test
    void iouAndMean() {
        Mask full = new Mask(32, 32, filled(255));
        assertEquals(0.5, ImageMetrics.maskIou(leftHalf(), full), 1e-9);
        RgbImage zero = RgbImage.blank(32, 32);
        RgbImage white = new RgbImage(32, 32, filled3(200));
        assertEquals(100, ImageMetrics.mean(java.util.List.of(zero, white)).get(5, 5, 1));
    }

    private static byte[] filled(int v) {
        byte[] a = new byte[32 * 32];
        java.util.Arrays.fill(a, (byte) v);
        return a;
    }

    private static byte[] filled3(int v) {
        byte[] a = new byte[32 * 32 * 3];
        java.util.Arrays.fill(a, (byte) v);
        return a;
    }
}
