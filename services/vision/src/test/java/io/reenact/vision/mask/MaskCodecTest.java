package io.reenact.vision.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.mask.MaskCodec.Encoding;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Round trips on real masks of the astronaut at the pipeline's sizes, and corrupt data. */
class MaskCodecTest {

    private static Mask mask128;
    private static Mask mask256;

    @BeforeAll
    static void segment() {
        RgbImage astronaut = MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
        try (SelfieSegmenter segmenter = SelfieSegmenter.open()) {
            mask128 = segmenter.segment(MediaFrames.resize(astronaut, 128, 128));
            mask256 = segmenter.segment(MediaFrames.resize(astronaut, 256, 256));
        }
    }

    @Test
    void pngAndGray8AreLossless() {
        for (Mask m : new Mask[] {mask128, mask256}) {
            for (Encoding e : new Encoding[] {Encoding.PNG, Encoding.GRAY8}) {
                Mask back = MaskCodec.decode(MaskCodec.encode(m, e), e, m.width(), m.height());
                assertArrayEquals(m.alpha(), back.alpha(), e + " " + m.width());
            }
        }
    }

    @Test
    void rleGivesBackTheThresholdedMask() {
        for (Mask m : new Mask[] {mask128, mask256}) {
            byte[] rle = MaskCodec.encode(m, Encoding.RLE);
            Mask back = MaskCodec.decode(rle, Encoding.RLE, m.width(), m.height());
            assertArrayEquals(MaskCodec.threshold(m).alpha(), back.alpha());
            // the soft mask really has both classes, so the round trip is not trivially all-0
            long person = 0;
            for (byte b : back.alpha()) {
                person += (b & 0xff) / 255;
            }
            assertTrue(person > m.alpha().length / 10 && person < m.alpha().length * 9 / 10, "person pixels " + person);
        }
    }

    @Test
    void realMasksAreSmallInEveryCompactForm() {
        for (Mask m : new Mask[] {mask128, mask256}) {
            int png = MaskCodec.encode(m, Encoding.PNG).length;
            int rle = MaskCodec.encode(m, Encoding.RLE).length;
            int gray8 = MaskCodec.encode(m, Encoding.GRAY8).length;
            System.out.printf("astronaut mask %dx%d: PNG %d B, RLE %d B, GRAY8 %d B%n", m.width(), m.height(), png, rle, gray8);
            assertEquals(m.width() * m.height(), gray8);
            assertTrue(png < gray8 / 2, "PNG " + png);
            assertTrue(rle < png, "RLE " + rle + " vs PNG " + png);
        }
    }

    @Test
    void rleEdgeCasesRoundTrip() {
        Random rnd = new Random(3);
        byte[][] cases = {
            filled(7 * 5, (byte) 0),
            filled(7 * 5, (byte) 255),
            noise(rnd, 7 * 5),
            filled(300 * 300, (byte) 200), // one run longer than two varint bytes hold
        };
        int[][] sizes = {{7, 5}, {7, 5}, {7, 5}, {300, 300}};
        for (int i = 0; i < cases.length; i++) {
            Mask m = new Mask(sizes[i][0], sizes[i][1], cases[i]);
            Mask back = MaskCodec.decodeRle(MaskCodec.encodeRle(m), m.width(), m.height());
            assertArrayEquals(MaskCodec.threshold(m).alpha(), back.alpha(), "case " + i);
        }
        // all person: an empty background run first, then the person run
        assertArrayEquals(new byte[] {0, 35}, MaskCodec.encodeRle(new Mask(7, 5, filled(35, (byte) 255))));
    }

    @Test
    void corruptOrMismatchedDataIsRejectedWithAReason() {
        byte[] rle = MaskCodec.encodeRle(mask128);
        var shortRuns = assertThrows(IllegalArgumentException.class, () -> MaskCodec.decodeRle(rle, 128, 129));
        assertTrue(shortRuns.getMessage().contains("cover"), shortRuns.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskCodec.decodeRle(rle, 127, 128));
        byte[] truncated = Arrays.copyOf(rle, rle.length - 1);
        truncated[truncated.length - 1] |= (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> MaskCodec.decodeRle(truncated, 128, 128));

        byte[] png = MaskCodec.encodePng(mask128);
        var wrongSize = assertThrows(IllegalArgumentException.class, () -> MaskCodec.decode(png, Encoding.PNG, 64, 64));
        assertTrue(wrongSize.getMessage().contains("128x128"), wrongSize.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskCodec.decodePng(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        byte[] broken = Arrays.copyOf(png, 40);
        assertThrows(IllegalArgumentException.class, () -> MaskCodec.decodePng(broken));
        assertThrows(IllegalArgumentException.class, () -> MaskCodec.decode(new byte[10], Encoding.GRAY8, 4, 4));
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }

    private static byte[] noise(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
