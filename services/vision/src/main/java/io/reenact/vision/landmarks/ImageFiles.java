package io.reenact.vision.landmarks;

import io.reenact.model.RgbImage;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Images (PNG, JPEG) and video frames as {@link RgbImage}s, for tests, benches and pictures to look at. */
public final class ImageFiles {

    static {
        // FFmpeg writes every demuxer remark to stderr; only errors are worth a line
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private ImageFiles() {
    }

    public static RgbImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not an image ImageIO can read: " + file);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                px[o] = (byte) (row[x] >> 16);
                px[o + 1] = (byte) (row[x] >> 8);
                px[o + 2] = (byte) row[x];
            }
        }
        return new RgbImage(w, h, px);
    }

    public static void writePng(RgbImage image, Path file) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int o = (y * image.width() + x) * 3;
                img.setRGB(x, y, (px[o] & 0xff) << 16 | (px[o + 1] & 0xff) << 8 | (px[o + 2] & 0xff));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** Up to {@code maxFrames} frames of a video file, decoded by FFmpeg, in order. */
    public static List<RgbImage> readVideo(Path file, int maxFrames) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no video file " + file);
        }
        List<RgbImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            Frame frame;
            while (frames.size() < maxFrames && (frame = grabber.grabImage()) != null) {
                int w = frame.imageWidth, h = frame.imageHeight;
                ByteBuffer data = (ByteBuffer) frame.image[0];
                byte[] px = new byte[w * h * 3];
                // rows may be padded: copy w*3 bytes from each stride
                for (int y = 0; y < h; y++) {
                    data.get(y * frame.imageStride, px, y * w * 3, w * 3);
                }
                frames.add(new RgbImage(w, h, px));
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode video " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }
}
