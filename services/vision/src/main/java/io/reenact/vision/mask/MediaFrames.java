package io.reenact.vision.mask;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Real frames in and mask pictures out, for the segmenter's tests and bench. */
public final class MediaFrames {

    private MediaFrames() {
    }

    /** A still image (PNG, JPEG) as RGB. */
    public static RgbImage readImage(Path file) {
        try (PointerScope scope = new PointerScope()) {
            Mat bgr = opencv_imgcodecs.imread(file.toString(), opencv_imgcodecs.IMREAD_COLOR);
            if (bgr.empty()) {
                throw new IllegalArgumentException("not an image OpenCV can read: " + file);
            }
            Mat rgb = new Mat();
            opencv_imgproc.cvtColor(bgr, rgb, opencv_imgproc.COLOR_BGR2RGB);
            byte[] px = new byte[rgb.rows() * rgb.cols() * 3];
            rgb.data().get(px);
            return new RgbImage(rgb.cols(), rgb.rows(), px);
        }
    }

    /** Up to {@code max} frames of a video, decoded to RGB. */
    public static List<RgbImage> readVideo(Path file, int max) {
        List<RgbImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            Frame f;
            while (frames.size() < max && (f = grabber.grabImage()) != null) {
                frames.add(toRgb(f));
            }
            grabber.stop();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }

    /** Resizes a frame (area filter), e.g. to bench the segmenter on small inputs. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
            src.data().put(image.pixels());
            Mat dst = new Mat();
            opencv_imgproc.resize(src, dst, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            byte[] px = new byte[width * height * 3];
            dst.data().get(px);
            return new RgbImage(width, height, px);
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
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (PointerScope scope = new PointerScope()) {
            Mat rgb = new Mat(frame.height(), frame.width(), opencv_core.CV_8UC3);
            rgb.data().put(out);
            Mat bgr = new Mat();
            opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
            if (!opencv_imgcodecs.imwrite(file.toString(), bgr)) {
                throw new IOException("cannot write " + file);
            }
        }
    }

    private static RgbImage toRgb(Frame f) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.get(y * stride, px, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, px);
    }
}
