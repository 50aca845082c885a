package io.reenact.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.MaskEncoding;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCodecsTest {

    private static final FrameLimits LIMITS = new FrameLimits(512 * 512, 1 << 20);

    @Test
    void jpegRoundTripKeepsSizeAndIsClose() {
        RgbImage image = TestFrames.head(96, 1, 0);
        byte[] jpeg = ImageCodecs.encodeJpeg(image, 95);
        assertArrayEquals(new int[] {96, 96}, ImageHeaders.jpegSize(jpeg));
        RgbImage back = ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 96, 96, LIMITS);
        assertEquals(96, back.width());
        assertEquals(96, back.height());
        double err = 0;
        for (int i = 0; i < image.pixels().length; i++) {
            err += Math.abs((image.pixels()[i] & 0xff) - (back.pixels()[i] & 0xff));
        }
        assertTrue(err / image.pixels().length < 6, "mean abs error " + err / image.pixels().length);
        // channel order survives the BGR round trip: the background's blue channel stays 150
        assertEquals(150, back.get(0, 0, 2), 8);
    }

    @Test
    void pngAndRawRoundTripsAreExact() {
        RgbImage image = TestFrames.head(64, 2, 3);
        byte[] png = ImageCodecs.encodePng(image);
        assertArrayEquals(image.pixels(), ImageCodecs.decodeFrame(FrameEncoding.PNG, png, 64, 64, LIMITS).pixels());
        byte[] raw = ImageCodecs.encodeFrame(image, FrameEncoding.RGB24, 90);
        assertArrayEquals(image.pixels(), ImageCodecs.decodeFrame(FrameEncoding.RGB24, raw, 64, 64, LIMITS).pixels());
    }

    @Test
    void maskPngRoundTripIsExact() {
        byte[] alpha = new byte[40 * 30];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i * 7);
        }
        Mask mask = new Mask(40, 30, alpha);
        byte[] png = ImageCodecs.encodeMaskPng(mask);
        Mask back = ImageCodecs.decodeMask(MaskEncoding.PNG, png, 40, 30, LIMITS);
        assertEquals(40, back.width());
        assertEquals(30, back.height());
        assertArrayEquals(alpha, back.alpha());
    }

    @Test
    void garbageAndTruncatedJpegAreCorruptImages() {
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(64, 1, 0), 90);
        byte[] garbage = new byte[2000];
        new java.util.Random(1).nextBytes(garbage);
        assertReason(DeadLetterReason.CORRUPT_IMAGE, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, garbage, 64, 64, LIMITS));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertReason(DeadLetterReason.CORRUPT_IMAGE, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, truncated, 64, 64, LIMITS));
        // a valid header and end marker around destroyed scan data
        byte[] scrambled = jpeg.clone();
        for (int i = jpeg.length / 3; i < jpeg.length - 2; i++) {
            scrambled[i] = (byte) 0xFF;
        }
        assertReason(DeadLetterReason.CORRUPT_IMAGE, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, scrambled, 64, 64, LIMITS));
    }

    @Test
    void headerThatDisagreesWithTheRecordIsWrongDimensions() {
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(64, 1, 0), 90);
        assertReason(DeadLetterReason.WRONG_DIMENSIONS, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 128, 64, LIMITS));
        byte[] raw = new byte[64 * 64 * 3 - 3];
        assertReason(DeadLetterReason.WRONG_DIMENSIONS, () -> ImageCodecs.decodeFrame(FrameEncoding.RGB24, raw, 64, 64, LIMITS));
    }

    @Test
    void oversizedFramesAreRefusedBeforeDecoding() {
        FrameLimits small = new FrameLimits(32 * 32, 1 << 20);
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(64, 1, 0), 90);
        assertReason(DeadLetterReason.OVERSIZED_FRAME, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 64, 64, small));
        // a header lying small about a large image is caught by the header check
        assertReason(DeadLetterReason.OVERSIZED_FRAME, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 16, 16, small));
        FrameLimits fewBytes = new FrameLimits(1 << 20, 100);
        assertReason(DeadLetterReason.OVERSIZED_FRAME, () -> ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 64, 64, fewBytes));
    }

    private static void assertReason(DeadLetterReason expected, Runnable decode) {
        BadRecordException e = assertThrows(BadRecordException.class, decode::run);
        assertEquals(expected, e.kind(), e.getMessage());
        assertTrue(e.reason().startsWith(expected.name() + ": "), e.reason());
    }

    @Test
    void aSmallFileDeclaringAHugePictureIsRefusedBeforeItIsDecoded() throws Exception {
        byte[] bomb = pngDeclaring(50_000, 50_000);
        assertTrue(bomb.length < 100, "a few bytes: " + bomb.length);
        BadRecordException e = org.junit.jupiter.api.Assertions.assertThrows(BadRecordException.class,
                () -> ImageCodecs.decodeRgb(bomb, "upload"));
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
        assertTrue(e.reason().startsWith(io.reenact.common.DeadLetterReason.OVERSIZED_FRAME.name()), e.reason());
    }

    /** A PNG whose header says width x height, with one empty compressed row: what a bomb looks like before its body. */
    private static byte[] pngDeclaring(int width, int height) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws java.io.IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
