package io.reenact.ingest;

import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SquareCropTest {

    @Test
    void keepsTheCentredSquareOfALandscapeFrame() {
        // 300x100: left third red, middle third green, right third blue
        int w = 300, h = 100;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3 + x / 100] = (byte) 200;
            }
        }
        RgbImage out = new SquareCrop(50).apply(rgb, w, h, w * 3);

        assertEquals(50, out.width());
        assertEquals(50, out.height());
        for (int y = 0; y < 50; y += 7) {
            for (int x = 0; x < 50; x += 7) {
                assertEquals(0, out.get(x, y, 0), "no red from the left third");
                assertEquals(200, out.get(x, y, 1), "only the green middle third survives");
                assertEquals(0, out.get(x, y, 2), "no blue from the right third");
            }
        }
    }

    @Test
    void averagesTheAreaEachOutputPixelCovers() {
        // a 4x4 checkerboard of 0 and 255 halves to 2x2 pixels of 128 (rounded mean of 0,255,255,0)
        byte[] rgb = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                byte v = (byte) (((x + y) % 2) * 255);
                for (int c = 0; c < 3; c++) {
                    rgb[(y * 4 + x) * 3 + c] = v;
                }
            }
        }
        RgbImage out = new SquareCrop(2).apply(rgb, 4, 4, 12);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(128, out.get(x, y, 0));
            }
        }
    }

    @Test
    void honoursARowStrideWiderThanTheImage() {
        int w = 2, h = 2, stride = 16; // padded rows, as FFmpeg delivers them
        byte[] rgb = new byte[stride * h];
        rgb[0] = 10;            // (0,0) red
        rgb[stride + 3] = 90;   // (1,1) red
        RgbImage out = new SquareCrop(2).apply(rgb, w, h, stride);
        assertEquals(10, out.get(0, 0, 0));
        assertEquals(90, out.get(1, 1, 0));
        assertEquals(0, out.get(1, 0, 0));
    }

    @Test
    void returnsAFrameOfTheRightSizeUnchanged() {
        RgbImage image = RgbImage.blank(32, 32);
        assertSame(image, new SquareCrop(32).apply(image));
    }
}
