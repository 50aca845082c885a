package io.reenact.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Real media as {@link RgbImage}s and back: still images and video files in, PNGs out (for
 * tests, benches and pictures to look at).
 */
public final class MediaFrames {

    static {
        // FFmpeg writes every demuxer remark to stderr; only errors are worth a line
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private MediaFrames() {
    }

    /** A PNG, JPEG or other image OpenCV can read. */
    public static RgbImage readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no image file " + file);
        }
        try (Mat bgr = imread(file.toString(), IMREAD_COLOR); Mat rgb = new Mat()) {
            if (bgr.empty()) {
                throw new IllegalArgumentException("cannot decode image " + file);
            }
            cvtColor(bgr, rgb, COLOR_BGR2RGB);
            return OpenCvImages.fromMat(rgb);
        }
    }

    /** Up to {@code maxFrames} decoded frames of a video file, in order. */
    public static List<RgbImage> readVideo(Path file, int maxFrames) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no video file " + file);
        }
        List<RgbImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            Frame frame;
            while (frames.size() < maxFrames && (frame = grabber.grabImage()) != null) {
                frames.add(fromFrame(frame));
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode video " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }

    /** A copy of an RGB24 frame (a grabber set to {@code AV_PIX_FMT_RGB24}), without the row padding FFmpeg may add. */
    public static RgbImage fromFrame(Frame frame) {
        if (frame.imageChannels != 3 || frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new IllegalArgumentException("expected an 8-bit RGB frame, got " + frame.imageChannels + " channels of depth "
                    + frame.imageDepth);
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        ByteBuffer data = (ByteBuffer) frame.image[0];
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            // FFmpeg may pad rows; a damaged packet can also decode to a buffer that ends short
            int from = y * frame.imageStride;
            if (from + w * 3 > data.limit()) {
                break;
            }
            data.get(from, pixels, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, pixels);
    }

    /** Resizes a frame (area filter), e.g. to bench the segmenter on small inputs. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        try (Mat src = OpenCvImages.toMat(image); Mat dst = new Mat(); Size size = new Size(width, height)) {
            opencv_imgproc.resize(src, dst, size, 0, 0, INTER_AREA);
            return OpenCvImages.fromMat(dst);
        }
    }

    /** Writes {@code image} as a PNG, creating missing parent folders. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Mat rgb = OpenCvImages.toMat(image); Mat bgr = new Mat()) {
            cvtColor(rgb, bgr, COLOR_RGB2BGR);
            if (!imwrite(file.toString(), bgr)) {
                throw new IOException("cannot write PNG " + file);
            }
        }
    }

    /** The frame with the background darkened to a quarter, so the mask can be checked by eye. */
    public static void writeOverlayPng(RgbImage frame, Mask mask, Path file) throws IOException {
        if (frame.width() != mask.width() || frame.height() != mask.height()) {
            throw new IllegalArgumentException("frame " + frame.width() + "x" + frame.height()
                + " and mask " + mask.width() + "x" + mask.height() + " differ in size");
        }
        byte[] px = frame.pixels();
        byte[] out = new byte[px.length];
        for (int i = 0; i < mask.alpha().length; i++) {
            int factor = 64 + (mask.alpha()[i] & 0xff) * 191 / 255;
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) ((px[i * 3 + c] & 0xff) * factor / 255);
            }
        }
        writePng(new RgbImage(frame.width(), frame.height(), out), file);
    }
}
