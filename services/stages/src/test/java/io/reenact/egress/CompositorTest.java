package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.stages.ImageCodecs;
import io.reenact.vision.Assets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    /** The three modes on real pictures: inside the head the reenacted pixels, outside the chosen background. */
    @Test
    void pastesTheReenactedHeadOverTheDriverAColourOrAnImage(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(1);
        RgbImage driver = frames.driver(0);
        RgbImage reenacted = frames.reenacted(0);
        Mask mask = frames.mask();
        int size = LiveFrames.SIZE;
        int cx = size / 2, cy = size / 2;

        RgbImage overDriver = Compositor.overDriver().composite(reenacted, mask, driver);
        RgbImage overGreen = Compositor.parse("colour:#00ff00").composite(reenacted, mask, driver);
        Path astronautFile = Assets.require(Assets.ASTRONAUT);
        RgbImage astronaut = ImageCodecs.decodeRgb(Files.readAllBytes(astronautFile), "astronaut");
        RgbImage overImage = Compositor.parse("image:" + astronautFile).composite(reenacted, mask, driver);
        RgbImage fitted = Compositor.cover(astronaut, size, size);

        for (RgbImage out : new RgbImage[] {overDriver, overGreen, overImage}) {
            for (int c = 0; c < 3; c++) {
                assertEquals(reenacted.get(cx, cy, c), out.get(cx, cy, c), "inside the mask: the reenacted pixel");
            }
        }
        int outside = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if ((mask.alpha()[y * size + x] & 0xff) != 0) {
                    continue;
                }
                outside++;
                for (int c = 0; c < 3; c++) {
                    assertEquals(driver.get(x, y, c), overDriver.get(x, y, c));
                    assertEquals(c == 1 ? 255 : 0, overGreen.get(x, y, c));
                    assertEquals(fitted.get(x, y, c), overImage.get(x, y, c));
                }
            }
        }
        assertTrue(outside > size * size / 3, "the mask leaves a background: " + outside + " pixels");
        // the image really is the astronaut (512 x 512 scaled down), not black or the driver
        int differs = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                differs += Math.abs(overImage.get(x, y, 0) - driver.get(x, y, 0)) > 20 ? 1 : 0;
            }
        }
        assertTrue(differs > 16, "the image background differs from the driver's");
        assertEquals(astronaut.get(0, 0, 0), fitted.get(0, 0, 0), 40);
    }

    @Test
    void coverKeepsTheAspectRatioByCroppingTheLongSide() {
        // 8 x 4: left half red, right half blue; covering 2 x 2 crops the outer quarters away
        byte[] p = new byte[8 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                p[(y * 8 + x) * 3 + (x < 4 ? 0 : 2)] = (byte) 255;
            }
        }
        RgbImage out = Compositor.cover(new RgbImage(8, 4, p), 2, 2);
        assertEquals(255, out.get(0, 0, 0));
        assertEquals(0, out.get(0, 0, 2));
        assertEquals(255, out.get(1, 1, 2));
        assertEquals(0, out.get(1, 1, 0));
    }

    @Test
    void parsesTheConfiguredBackgroundAndRefusesNonsense(@TempDir Path dir) throws Exception {
        assertNull(Compositor.parse("none"));
        assertNull(Compositor.parse(""));
        Mask none = new Mask(2, 1, new byte[] {0, 0});
        RgbImage driver = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        assertEquals(5, Compositor.parse("driver").composite(FOREGROUND, none, driver).get(1, 0, 1));
        RgbImage magenta = Compositor.parse("color:#FF00fe").composite(FOREGROUND, none, null);
        assertEquals(255, magenta.get(0, 0, 0));
        assertEquals(0, magenta.get(0, 0, 1));
        assertEquals(254, magenta.get(0, 0, 2));
        Path png = dir.resolve("bg.png");
        Files.write(png, ImageCodecs.encodePng(new RgbImage(2, 1, new byte[] {9, 9, 9, 9, 9, 9})));
        assertEquals(9, Compositor.parse("image:" + png).composite(FOREGROUND, none, null).get(0, 0, 0));

        IllegalArgumentException colour = assertThrows(IllegalArgumentException.class, () -> Compositor.parse("colour:green"));
        assertTrue(colour.getMessage().contains("#RRGGBB"), colour.getMessage());
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> Compositor.parse("image:" + dir.resolve("missing.png")));
        assertTrue(image.getMessage().contains("missing.png"), image.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Compositor.parse("blur"));
        assertThrows(NullPointerException.class, () -> Compositor.overDriver().composite(FOREGROUND, none, null));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
