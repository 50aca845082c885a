package io.reenact.stages;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resizes frames to the network's input size and masks back to the frame's size (OpenCV area
 * interpolation down, bilinear up). The networks see squares of one size; frames may differ.
 */
public final class ImageResize {

    private ImageResize() {
    }

    public static RgbImage resize(RgbImage image, int width, int height) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        return new RgbImage(width, height, resize(image.pixels(), image.width(), image.height(), 3, width, height));
    }

    public static Mask resize(Mask mask, int width, int height) {
        if (mask.width() == width && mask.height() == height) {
            return mask;
        }
        return new Mask(width, height, resize(mask.alpha(), mask.width(), mask.height(), 1, width, height));
    }

    private static byte[] resize(byte[] data, int w, int h, int channels, int width, int height) {
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(h, w, opencv_core.CV_8UC(channels));
            src.data().put(data);
            Mat dst = new Mat();
            boolean shrinking = width < w || height < h;
            opencv_imgproc.resize(src, dst, new Size(width, height), 0, 0,
                    shrinking ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            byte[] out = new byte[width * height * channels];
            dst.data().get(out);
            return out;
        }
    }
}
