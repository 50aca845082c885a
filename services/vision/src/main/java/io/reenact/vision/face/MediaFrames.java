package io.reenact.vision.face;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.reenact.model.RgbImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/** Reads still images and video files into {@link RgbImage}s (for tests and benches on real media). */
public final class MediaFrames {

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
            grabber.setPixelFormat(AV_PIX_FMT_RGB24);
            grabber.start();
            Frame frame;
            while (frames.size() < maxFrames && (frame = grabber.grabImage()) != null) {
                frames.add(toRgb(frame));
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode video " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }

    /** Copies an RGB24 frame, dropping the row padding FFmpeg may add. */
    static RgbImage toRgb(Frame frame) {
        if (frame.imageChannels != 3 || frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new IllegalArgumentException("expected an 8-bit RGB frame, got " + frame.imageChannels + " channels of depth "
                    + frame.imageDepth);
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        ByteBuffer data = (ByteBuffer) frame.image[0];
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            data.get(y * frame.imageStride, pixels, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, pixels);
    }
}
