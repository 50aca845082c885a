package io.reenact.stages;

import io.reenact.common.DeadLetterReason;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.MaskEncoding;
import io.reenact.vision.mask.MaskCodec;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@link RgbImage} and {@link Mask} to and from JPEG, PNG and raw bytes.
 *
 * <p>OpenCV's codecs (through JavaCV) are used when its natives load: a 256² JPEG takes about
 * 0.2 ms each way, about three times faster than ImageIO, which remains the fallback on platforms
 * without the natives. Native buffers are freed per call by a {@link PointerScope}, so a long
 * stream does not wait on the garbage collector for native memory.
 *
 * <p>Every decode checks the header dimensions against the limits before allocating pixels and
 * throws {@link BadRecordException} with a readable reason for corrupt or truncated data.
 */
public final class ImageCodecs {

    private static final boolean OPENCV = loadOpenCv();

    private ImageCodecs() {
    }

    private static boolean loadOpenCv() {
        if (Boolean.getBoolean("reenact.codecs.imageio")) {
            return false;
        }
        try {
            Loader.load(opencv_imgcodecs.class);
            return true;
        } catch (Throwable unavailable) {
            return false;
        }
    }

    /** Which implementation runs: "opencv" or "imageio". */
    public static String implementation() {
        return OPENCV ? "opencv" : "imageio";
    }

    /** The width and height an encoded image says it has, read from its header only. */
    public static int[] headerSize(FrameEncoding encoding, byte[] data, int declaredWidth, int declaredHeight) {
        return switch (encoding) {
            case JPEG -> ImageHeaders.jpegSize(data);
            case PNG -> ImageHeaders.pngSize(data);
            case RGB24 -> new int[] {declaredWidth, declaredHeight};
        };
    }

    /**
     * Decodes a frame, refusing it when its header disagrees with the declared size or exceeds
     * the limits.
     */
    public static RgbImage decodeFrame(FrameEncoding encoding, byte[] data, int width, int height, FrameLimits limits) {
        limits.check(width, height, data.length);
        int[] size = headerSize(encoding, data, width, height);
        limits.check(size[0], size[1], data.length);
        if (size[0] != width || size[1] != height) {
            throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "wrong dimensions: record says " + width + "x" + height + ", the "
                    + encoding + " image is " + size[0] + "x" + size[1]);
        }
        RgbImage image = switch (encoding) {
            case JPEG -> {
                ImageHeaders.requireJpegEnd(data);
                yield decodeRgb(data, "JPEG");
            }
            case PNG -> decodeRgb(data, "PNG");
            case RGB24 -> {
                if (data.length != width * height * 3) {
                    throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "wrong dimensions: " + width + "x" + height + " RGB24 needs "
                            + width * height * 3 + " bytes, got " + data.length);
                }
                yield new RgbImage(width, height, data);
            }
        };
        if (image.width() != width || image.height() != height) {
            throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "wrong dimensions: record says " + width + "x" + height
                    + ", decoded " + image.width() + "x" + image.height());
        }
        return image;
    }

    public static byte[] encodeFrame(RgbImage image, FrameEncoding encoding, int jpegQuality) {
        return switch (encoding) {
            case JPEG -> encodeJpeg(image, jpegQuality);
            case PNG -> encodePng(image);
            case RGB24 -> image.pixels().clone();
        };
    }

    public static byte[] encodeJpeg(RgbImage image, int quality) {
        if (OPENCV) {
            return cvEncode(image, ".jpg", new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality});
        }
        return ioEncodeJpeg(toBufferedImage(image), quality);
    }

    public static byte[] encodePng(RgbImage image) {
        if (OPENCV) {
            return cvEncode(image, ".png", new int[] {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 1});
        }
        return ioEncode(toBufferedImage(image), "png");
    }

    /** Decodes a JPEG or PNG to RGB, whatever its channel layout. */
    /** The most pixels an encoded image (an upload, a client's frame) may declare: 4096 x 4096. */
    public static final long MAX_DECODED_PIXELS = 4096L * 4096L;

    public static RgbImage decodeRgb(byte[] data, String what) {
        if (data.length == 0) {
            throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt " + what + ": empty");
        }
        checkDeclaredSize(data, what);
        return OPENCV ? cvDecodeRgb(data, what) : ioDecodeRgb(data, what);
    }

    /**
     * Reads only the header's width and height: a few hundred bytes of PNG or JPEG can declare a
     * 50,000 x 50,000 picture that would take gigabytes decoded (a decompression bomb). Parsed from the
     * bytes directly, because every webcam and driver frame passes here.
     */
    static void checkDeclaredSize(byte[] data, String what) {
        long[] size = declaredSize(data);
        if (size != null && size[0] * size[1] > MAX_DECODED_PIXELS) {
            throw new BadRecordException(DeadLetterReason.OVERSIZED_FRAME, what + " declares " + size[0] + "x" + size[1]
                    + " pixels, more than " + MAX_DECODED_PIXELS + " allowed");
        }
    }

    /** {width, height} from a PNG's IHDR or a JPEG's start-of-frame; null when neither is found. */
    private static long[] declaredSize(byte[] d) {
        if (d.length >= 24 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return new long[] {u32(d, 16), u32(d, 20)};
        }
        if (d.length < 4 || (d[0] & 0xff) != 0xff || (d[1] & 0xff) != 0xd8) {
            return null;
        }
        int i = 2;
        while (i + 9 < d.length && (d[i] & 0xff) == 0xff) {
            int marker = d[i + 1] & 0xff;
            int length = ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                return new long[] {((d[i + 7] & 0xff) << 8) | (d[i + 8] & 0xff), ((d[i + 5] & 0xff) << 8) | (d[i + 6] & 0xff)};
            }
            i += 2 + length;
        }
        return null;
    }

    private static long u32(byte[] d, int at) {
        return ((long) (d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | ((d[at + 2] & 0xff) << 8) | (d[at + 3] & 0xff);
    }

    public static byte[] encodeMaskPng(Mask mask) {
        if (OPENCV) {
            try (PointerScope scope = new PointerScope()) {
                Mat mat = new Mat(mask.height(), mask.width(), opencv_core.CV_8UC1);
                mat.data().put(mask.alpha());
                return imencode(".png", mat, new int[] {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 1});
            }
        }
        BufferedImage gray = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        System.arraycopy(mask.alpha(), 0, target, 0, target.length);
        return ioEncode(gray, "png");
    }

    public static Mask decodeMask(MaskEncoding encoding, byte[] data, int width, int height, FrameLimits limits) {
        limits.check(width, height, data.length);
        if (encoding == MaskEncoding.GRAY8) {
            if (data.length != width * height) {
                throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "wrong dimensions: " + width + "x" + height + " GRAY8 mask needs "
                        + width * height + " bytes, got " + data.length);
            }
            return new Mask(width, height, data);
        }
        if (encoding == MaskEncoding.RLE) {
            try {
                return MaskCodec.decodeRle(data, width, height);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, e.getMessage());
            }
        }
        int[] size = ImageHeaders.pngSize(data);
        if (size[0] != width || size[1] != height) {
            throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "wrong dimensions: mask record says " + width + "x" + height
                    + ", the PNG is " + size[0] + "x" + size[1]);
        }
        return decodeMaskPng(data);
    }

    public static Mask decodeMaskPng(byte[] data) {
        ImageHeaders.pngSize(data);
        if (OPENCV) {
            try (PointerScope scope = new PointerScope()) {
                Mat mat = opencv_imgcodecs.imdecode(new Mat(new BytePointer(data)), opencv_imgcodecs.IMREAD_GRAYSCALE);
                if (mat.empty()) {
                    throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt PNG mask: cannot be decoded");
                }
                byte[] alpha = new byte[mat.rows() * mat.cols()];
                mat.data().get(alpha);
                return new Mask(mat.cols(), mat.rows(), alpha);
            }
        }
        BufferedImage read = ioRead(data, "PNG mask");
        BufferedImage gray = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(read, 0, 0, null);
        byte[] alpha = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        return new Mask(read.getWidth(), read.getHeight(), alpha.clone());
    }

    // --- OpenCV ---------------------------------------------------------------------------

    private static byte[] cvEncode(RgbImage image, String ext, int[] params) {
        try (PointerScope scope = new PointerScope()) {
            Mat rgb = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
            rgb.data().put(image.pixels());
            Mat bgr = new Mat();
            opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
            return imencode(ext, bgr, params);
        }
    }

    private static byte[] imencode(String ext, Mat mat, int[] params) {
        BytePointer out = new BytePointer();
        if (!opencv_imgcodecs.imencode(ext, mat, out, new IntPointer(params))) {
            throw new IllegalStateException("OpenCV could not encode " + ext);
        }
        byte[] bytes = new byte[(int) out.limit()];
        out.get(bytes);
        return bytes;
    }

    private static RgbImage cvDecodeRgb(byte[] data, String what) {
        try (PointerScope scope = new PointerScope()) {
            // decoding straight to RGB saves a colour conversion pass
            Mat rgb = opencv_imgcodecs.imdecode(new Mat(new BytePointer(data)), opencv_imgcodecs.IMREAD_COLOR_RGB);
            if (rgb.empty()) {
                throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt " + what + ": cannot be decoded");
            }
            byte[] pixels = new byte[rgb.rows() * rgb.cols() * 3];
            rgb.data().get(pixels);
            return new RgbImage(rgb.cols(), rgb.rows(), pixels);
        }
    }

    // --- ImageIO fallback -----------------------------------------------------------------

    private static RgbImage ioDecodeRgb(byte[] data, String what) {
        BufferedImage read = ioRead(data, what);
        int w = read.getWidth();
        int h = read.getHeight();
        byte[] pixels = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            read.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                pixels[o] = (byte) (p >> 16);
                pixels[o + 1] = (byte) (p >> 8);
                pixels[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, pixels);
    }

    private static BufferedImage ioRead(byte[] data, String what) {
        try {
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(data));
            if (read == null) {
                throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt " + what + ": no reader recognises it");
            }
            return read;
        } catch (IOException e) {
            throw new BadRecordException(DeadLetterReason.CORRUPT_IMAGE, "corrupt " + what + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage toBufferedImage(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.pixels();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    private static byte[] ioEncode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("ImageIO could not write " + format, e);
        }
    }

    private static byte[] ioEncodeJpeg(BufferedImage image, int quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("ImageIO could not write JPEG", e);
        } finally {
            writer.dispose();
        }
    }
}
