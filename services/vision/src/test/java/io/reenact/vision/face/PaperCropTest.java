package io.reenact.vision.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;

class PaperCropTest {

    /** A frame whose every pixel says where it is: R = x, G = y, B = x + y (mod 256). */
    private static RgbImage coordinates(int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels[i] = (byte) x;
                pixels[i + 1] = (byte) y;
                pixels[i + 2] = (byte) (x + y);
            }
        }
        return new RgbImage(width, height, pixels);
    }

    @Test
    void squareIs1Point8TimesTheLongerSideCentredOnTheBox() {
        PaperCrop crop = new PaperCrop(128);
        PaperCrop.CropSquare square = crop.square(new FaceBox(100, 50, 80, 100, 0.9f));
        assertEquals(180, square.side());
        assertEquals(140 - 90, square.left());
        assertEquals(100 - 90, square.top());
        assertEquals(140, square.centreX(), 1e-9);
        assertEquals(100, square.centreY(), 1e-9);
        assertEquals(180 / 128.0, square.scale(), 1e-12);
    }

    @Test
    void inverseMappingRoundTripsAndHitsTheCorners() {
        PaperCrop.CropSquare square = new PaperCrop(128).square(new FaceBox(200, 120, 90, 90, 1));
        assertEquals(square.left(), square.toFrameX(0), 1e-9);
        assertEquals(square.top() + square.side(), square.toFrameY(128), 1e-9);
        for (double v : new double[] {-10, 0, 37.25, 128, 300}) {
            assertEquals(v, square.toCropX(square.toFrameX(v)), 1e-9);
            assertEquals(v, square.toCropY(square.toFrameY(v)), 1e-9);
        }
    }

    @Test
    void insideTheFrameTheCropIsTheFramesPixels() {
        RgbImage frame = coordinates(200, 150);
        // 1.8 × 40 = 72: no resizing, so every pixel must be the frame's own
        RgbImage crop = new PaperCrop(72).crop(frame, FaceBox.centred(100, 75, 40, 30, 1));
        assertEquals(72, crop.width());
        assertEquals(72, crop.height());
        for (int y = 0; y < 72; y++) {
            for (int x = 0; x < 72; x++) {
                assertEquals(frame.get(64 + x, 39 + y, 0), crop.get(x, y, 0));
                assertEquals(frame.get(64 + x, 39 + y, 1), crop.get(x, y, 1));
            }
        }
    }

    @Test
    void reflectPadsWhereTheSquareLeavesTheFrame() {
        RgbImage frame = coordinates(160, 120);
        // centred on the top-left corner region: square [-20, 52) × [-30, 42)
        PaperCrop.CropSquare square = new PaperCrop(72).square(FaceBox.centred(16, 6, 40, 40, 1));
        assertEquals(-20, square.left());
        assertEquals(-30, square.top());
        RgbImage crop = new PaperCrop(72).crop(frame, square);
        for (int y = 0; y < 72; y++) {
            for (int x = 0; x < 72; x++) {
                int fx = Math.abs(square.left() + x);
                int fy = Math.abs(square.top() + y);
                assertEquals(fx, crop.get(x, y, 0), "x mirrored at (" + x + "," + y + ")");
                assertEquals(fy, crop.get(x, y, 1), "y mirrored at (" + x + "," + y + ")");
            }
        }
        // the edge pixel is not repeated: frame column 0 sits at crop x 20, columns 1 and 1 around it
        assertEquals(1, crop.get(19, 40, 0));
        assertEquals(0, crop.get(20, 40, 0));
        assertEquals(1, crop.get(21, 40, 0));
    }

    @Test
    void reflectsPastTheFarEdgesToo() {
        assertEquals(158, PaperCrop.reflect(160, 160));
        assertEquals(1, PaperCrop.reflect(-1, 160));
        assertEquals(0, PaperCrop.reflect(-4, 3 /* period 4 */));
        assertEquals(2, PaperCrop.reflect(-2, 3));
        assertEquals(0, PaperCrop.reflect(5, 1));
    }

    @Test
    void shrinksByAreaAveraging() {
        // 2×2 checker blocks shrink by exactly 2: each output pixel averages one block of four
        int size = 64;
        byte[] pixels = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                byte v = (byte) (((x + y) & 1) == 0 ? 200 : 0);
                pixels[(y * size + x) * 3] = v;
                pixels[(y * size + x) * 3 + 1] = v;
                pixels[(y * size + x) * 3 + 2] = v;
            }
        }
        RgbImage frame = new RgbImage(size, size, pixels);
        PaperCrop crop = new PaperCrop(16);
        PaperCrop.CropSquare square = new PaperCrop.CropSquare(16, 16, 32, 16);
        RgbImage small = crop.crop(frame, square);
        byte[] expected = new byte[16 * 16 * 3];
        java.util.Arrays.fill(expected, (byte) 100);
        assertArrayEquals(expected, small.pixels(), "area average of 200/0 checkers is 100 everywhere");
    }

    @Test
    void centreSquareBoxCropsTheLargestCentredSquare() {
        FaceBox box = FaceTracker.centreSquare(320, 240);
        PaperCrop.CropSquare square = new PaperCrop(128).square(box);
        assertEquals(240, square.side());
        assertEquals(40, square.left());
        assertEquals(0, square.top());
    }

    @Test
    void rejectsMismatchedSizes() {
        assertThrows(IllegalArgumentException.class, () -> new PaperCrop(0));
        assertThrows(IllegalArgumentException.class,
                () -> new PaperCrop(64).crop(coordinates(10, 10), new PaperCrop.CropSquare(0, 0, 10, 128)));
        assertThrows(IllegalArgumentException.class,
                () -> new PaperCrop(64).crop(coordinates(10, 10), new PaperCrop.CropSquare(0, 0, 100, 64)));
    }
}
