package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompositorTest {

    /** A 2x1 mask: left pixel fully foreground, right pixel half. */
    private static final Mask MASK = new Mask(2, 1, new byte[] {(byte) 255, (byte) 128});
    private static final RgbImage FOREGROUND = new RgbImage(2, 1, new byte[] {(byte) 200, 0, 0, (byte) 200, 0, 0});

    @Test
    void foregroundWhereTheMaskIsOnBackgroundWhereItIsOffBlendedBetween() {
        RgbImage driver = new RgbImage(2, 1, new byte[] {0, 0, 100, 0, 0, 100});
        RgbImage out = Compositor.overDriver().composite(FOREGROUND, MASK, driver);
        // left: pure foreground
        assertEquals(200, out.get(0, 0, 0));
        assertEquals(0, out.get(0, 0, 2));
        // right: 128/255 of the foreground, 127/255 of the driver
        assertEquals(Math.round((128 * 200 + 127 * 0) / 255.0), out.get(1, 0, 0));
        assertEquals(Math.round((128 * 0 + 127 * 100) / 255.0), out.get(1, 0, 2));
    }

    @Test
    void overAColourKeysTheBackground() {
        Mask none = new Mask(2, 1, new byte[] {0, 0});
        RgbImage out = Compositor.overColour(0, 255, 0).composite(FOREGROUND, none, null);
        for (int x = 0; x < 2; x++) {
            assertEquals(0, out.get(x, 0, 0));
            assertEquals(255, out.get(x, 0, 1));
            assertEquals(0, out.get(x, 0, 2));
        }
    }

    @Test
    void overAnImageResizesItToTheFrame() {
        RgbImage background = new RgbImage(4, 4, filled(4 * 4 * 3, 50));
        Mask square = new Mask(2, 2, new byte[] {0, 0, 0, 0});
        RgbImage fg = new RgbImage(2, 2, filled(12, 250));
        RgbImage out = Compositor.overImage(background).composite(fg, square, null);
        assertEquals(2, out.width());
        assertEquals(50, out.get(1, 1, 1));
    }

    @Test
    void aMaskOfAnotherSizeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Compositor.overColour(0, 0, 0).composite(FOREGROUND, new Mask(1, 1, new byte[1]), null));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
