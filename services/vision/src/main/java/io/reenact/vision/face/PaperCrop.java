package io.reenact.vision.face;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.reenact.model.RgbImage;
import io.reenact.vision.OpenCvImages;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The paper's input crop: a square of side {@value #SCALE} × the longer side of the face box,
 * centred on the box, so the whole head and some shoulders fit; where it leaves the frame it is
 * filled by mirroring the frame (reflect-101, as a plain border would be learned as background),
 * then it is resized to the model's input size (area averaging when shrinking, bilinear when
 * growing). {@link CropSquare} maps back so the generated face can be pasted into the frame.
 *
 * <p>Immutable and thread-safe.
 */
public final class PaperCrop {

    /** Crop side over the face box's longer side. */
    public static final double SCALE = 1.8;

    private final int outputSize;

    public PaperCrop(int outputSize) {
        if (outputSize < 1) {
            throw new IllegalArgumentException("output size must be positive: " + outputSize);
        }
        this.outputSize = outputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    /** The square, in whole frame pixels, that {@link #crop} cuts for {@code box}. */
    public CropSquare square(FaceBox box) {
        Objects.requireNonNull(box, "box");
        int side = Math.max(1, (int) Math.round(SCALE * Math.max(box.width(), box.height())));
        int left = (int) Math.round(box.centreX() - side / 2.0);
        int top = (int) Math.round(box.centreY() - side / 2.0);
        return new CropSquare(left, top, side, outputSize);
    }

    /** The crop around {@code box}, {@link #outputSize()} pixels square. */
    public RgbImage crop(RgbImage frame, FaceBox box) {
        return crop(frame, square(box));
    }

    /** The given square of {@code frame}, mirrored where it leaves the frame, resized to {@link #outputSize()}. */
    public RgbImage crop(RgbImage frame, CropSquare square) {
        Objects.requireNonNull(frame, "frame");
        if (square.outputSize() != outputSize) {
            throw new IllegalArgumentException("square is for size " + square.outputSize() + ", this crop makes " + outputSize);
        }
        int side = square.side();
        if (side > 4 * Math.max(frame.width(), frame.height())) {
            throw new IllegalArgumentException("crop side " + side + " is far beyond the " + frame.width() + "x" + frame.height()
                    + " frame: the face box is not from this frame");
        }
        int[] columns = new int[side];
        for (int i = 0; i < side; i++) {
            columns[i] = reflect(square.left() + i, frame.width()) * 3;
        }
        byte[] source = frame.pixels();
        byte[] cut = new byte[side * side * 3];
        int out = 0;
        for (int j = 0; j < side; j++) {
            int row = reflect(square.top() + j, frame.height()) * frame.width() * 3;
            for (int i = 0; i < side; i++) {
                int in = row + columns[i];
                cut[out++] = source[in];
                cut[out++] = source[in + 1];
                cut[out++] = source[in + 2];
            }
        }
        RgbImage region = new RgbImage(side, side, cut);
        if (side == outputSize) {
            return region;
        }
        try (Mat from = OpenCvImages.toMat(region); Mat to = new Mat(); Size size = new Size(outputSize, outputSize)) {
            resize(from, to, size, 0, 0, side > outputSize ? INTER_AREA : INTER_LINEAR);
            return OpenCvImages.fromMat(to);
        }
    }

    /** Mirror index into [0, n) without repeating the edge pixel (…2 1 | 0 1 2 … n-1 | n-2 …). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /**
     * A crop square in frame pixels ({@code left}, {@code top}, {@code side}; it may reach outside
     * the frame) and the size it is resized to. Maps points both ways between frame and crop.
     */
    public record CropSquare(int left, int top, int side, int outputSize) {

        public CropSquare {
            if (side < 1 || outputSize < 1) {
                throw new IllegalArgumentException("side and output size must be positive: " + side + ", " + outputSize);
            }
        }

        /** Frame pixels per crop pixel. */
        public double scale() {
            return (double) side / outputSize;
        }

        public double centreX() {
            return left + side / 2.0;
        }

        public double centreY() {
            return top + side / 2.0;
        }

        /** Frame x of crop x (continuous coordinates: pixel i spans [i, i+1)). */
        public double toFrameX(double cropX) {
            return left + cropX * scale();
        }

        public double toFrameY(double cropY) {
            return top + cropY * scale();
        }

        /** Crop x of frame x. */
        public double toCropX(double frameX) {
            return (frameX - left) / scale();
        }

        public double toCropY(double frameY) {
            return (frameY - top) / scale();
        }
    }
}
