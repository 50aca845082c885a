package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageResizeTest {

    @Test
    void shrinkingAveragesAreas() {
        byte[] a = {0, (byte) 200, 100, 100, 40, 40, 40, 40, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        Mask half = ImageResize.resize(new Mask(4, 4, a), 2, 2);
        assertArrayEquals(new byte[] {(byte) 70, (byte) 70, (byte) 128, (byte) 128}, half.alpha());
    }

    @Test
    void enlargingKeepsFlatImagesFlat() {
        byte[] p = new byte[3 * 3 * 3];
        java.util.Arrays.fill(p, (byte) 77);
        RgbImage big = ImageResize.resize(new RgbImage(3, 3, p), 10, 10);
        for (byte b : big.pixels()) {
            assertEquals(77, b);
        }
    }

    @Test
    void squareCropTakesTheCentre() {
        BufferedImage img = new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 30; x++) {
                img.setRGB(x, y, x >= 10 && x < 20 ? 0x00ff00 : 0xff0000);
            }
        }
        RgbImage sq = ImageResize.squareRgb(img, 5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(0, sq.get(x, y, 0));
                assertEquals(255, sq.get(x, y, 1));
            }
        }
    }
}
