package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {

    @Test
    void writesAReadablePngGrid(@TempDir Path dir) throws Exception {
        RgbImage red = solid(10, 10, 0xff0000);
        RgbImage blue = solid(10, 10, 0x0000ff);
        Path png = dir.resolve("grid.png");
        ContactSheet.write(List.of(List.of(red, blue), List.of(blue)), List.of("a", "b"), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        int top = img.getHeight() - 2 * (10 + 2) - 2;
        assertTrue(top > 0, "label band present");
        assertEquals(2 + 2 * 12, img.getWidth());
        assertEquals(0xff0000, img.getRGB(2 + 5, top + 2 + 5) & 0xffffff);
        assertEquals(0x0000ff, img.getRGB(2 + 12 + 5, top + 2 + 5) & 0xffffff);
        assertEquals(0x0000ff, img.getRGB(2 + 5, top + 2 + 12 + 5) & 0xffffff);
    }

    @Test
    void writesIdentitiesByPoses(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("heads.png");
        List<HeadPose> poses = ContactSheet.showcasePoses().subList(0, 3);
        ContactSheet.writeIdentitiesByPoses(new SyntheticHeads(1), Split.TRAIN, 2, poses, 32, true, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 + 6 * (32 + 2), img.getWidth(), "image and mask per pose");
    }

    private static RgbImage solid(int w, int h, int rgb) {
        byte[] p = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            p[i * 3] = (byte) (rgb >> 16);
            p[i * 3 + 1] = (byte) (rgb >> 8);
            p[i * 3 + 2] = (byte) rgb;
        }
        return new RgbImage(w, h, p);
    }
}
