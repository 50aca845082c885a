package io.reenact.vision.mask;

import io.reenact.model.Mask;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Compact wire forms of a mask, for the {@code FrameMask.mask} bytes (the record carries width
 * and height, so no form repeats them).
 *
 * <ul>
 * <li>PNG: 8-bit grey PNG, lossless, keeps the soft edges.</li>
 * <li>RLE: the mask thresholded at {@link #THRESHOLD} to person/background, then the lengths of
 *     alternating runs in row-major order, starting with a background run (0 when the first
 *     pixel is person), each as an unsigned LEB128 varint. Lossy (edges become hard), but a
 *     person silhouette is a few hundred bytes and the codec costs microseconds.</li>
 * <li>GRAY8: the raw bytes, one per pixel.</li>
 * </ul>
 */
public final class MaskCodec {

    /** Alpha at or above this counts as person in RLE. */
    public static final int THRESHOLD = 128;

    /** The encodings, named as in the MaskEncoding schema enum. */
    public enum Encoding { PNG, GRAY8, RLE }

    private MaskCodec() {
    }

    public static byte[] encode(Mask mask, Encoding encoding) {
        return switch (encoding) {
            case PNG -> encodePng(mask);
            case GRAY8 -> mask.alpha().clone();
            case RLE -> encodeRle(mask);
        };
    }

    /** Decodes and checks that the data is a {@code width}×{@code height} mask. */
    public static Mask decode(byte[] data, Encoding encoding, int width, int height) {
        return switch (encoding) {
            case PNG -> {
                Mask m = decodePng(data);
                if (m.width() != width || m.height() != height) {
                    throw new IllegalArgumentException("PNG mask is " + m.width() + "x" + m.height()
                        + ", expected " + width + "x" + height);
                }
                yield m;
            }
            case GRAY8 -> {
                if (data.length != (long) width * height) {
                    throw new IllegalArgumentException("GRAY8 mask of " + width + "x" + height + " needs "
                        + (long) width * height + " bytes, got " + data.length);
                }
                yield new Mask(width, height, data.clone());
            }
            case RLE -> decodeRle(data, width, height);
        };
    }

    /** The mask as the RLE form decodes it: every pixel 0 or 255. */
    public static Mask threshold(Mask mask) {
        byte[] a = mask.alpha();
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] & 0xff) >= THRESHOLD ? (byte) 255 : 0;
        }
        return new Mask(mask.width(), mask.height(), out);
    }

    // --- PNG --------------------------------------------------------------------------------

    public static byte[] encodePng(Mask mask) {
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(mask.height(), mask.width(), opencv_core.CV_8UC1);
            mat.data().put(mask.alpha());
            BytePointer out = new BytePointer();
            // level 1: masks are mostly flat, so faster levels lose little size
            if (!opencv_imgcodecs.imencode(".png", mat, out, new IntPointer(opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 1))) {
                throw new IllegalStateException("PNG encoding failed for a " + mask.width() + "x" + mask.height() + " mask");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    public static Mask decodePng(byte[] data) {
        if (data.length < 8 || (data[0] & 0xff) != 0x89 || data[1] != 'P' || data[2] != 'N' || data[3] != 'G') {
            throw new IllegalArgumentException("not a PNG mask (" + data.length + " bytes)");
        }
        try (PointerScope scope = new PointerScope()) {
            Mat mat = opencv_imgcodecs.imdecode(new Mat(new BytePointer(data)), opencv_imgcodecs.IMREAD_GRAYSCALE);
            if (mat.empty()) {
                throw new IllegalArgumentException("corrupt PNG mask: cannot be decoded");
            }
            byte[] alpha = new byte[mat.rows() * mat.cols()];
            mat.data().get(alpha);
            return new Mask(mat.cols(), mat.rows(), alpha);
        }
    }

    // --- RLE --------------------------------------------------------------------------------

    public static byte[] encodeRle(Mask mask) {
        byte[] a = mask.alpha();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        boolean person = false;
        int run = 0;
        for (byte b : a) {
            boolean p = (b & 0xff) >= THRESHOLD;
            if (p != person) {
                writeVarint(out, run);
                person = p;
                run = 0;
            }
            run++;
        }
        writeVarint(out, run);
        return out.toByteArray();
    }

    public static Mask decodeRle(byte[] data, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
        }
        long total = (long) width * height;
        byte[] alpha = new byte[Math.toIntExact(total)];
        int pos = 0;
        int at = 0;
        boolean person = false;
        while (at < data.length) {
            long run = 0;
            int shift = 0;
            while (true) {
                if (at >= data.length) {
                    throw new IllegalArgumentException("corrupt RLE mask: truncated run length");
                }
                int b = data[at++] & 0xff;
                run |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 35) {
                    throw new IllegalArgumentException("corrupt RLE mask: run length too long");
                }
            }
            if (pos + run > total) {
                throw new IllegalArgumentException("corrupt RLE mask: runs cover more than " + width + "x" + height);
            }
            if (person) {
                Arrays.fill(alpha, pos, (int) (pos + run), (byte) 255);
            }
            pos += (int) run;
            person = !person;
        }
        if (pos != total) {
            throw new IllegalArgumentException("corrupt RLE mask: runs cover " + pos + " of " + total + " pixels");
        }
        return new Mask(width, height, alpha);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
