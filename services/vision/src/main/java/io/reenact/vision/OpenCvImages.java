package io.reenact.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.reenact.model.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between {@link RgbImage} and OpenCV matrices (channel order stays RGB). */
public final class OpenCvImages {

    private OpenCvImages() {
    }

    /** A new 8-bit, 3-channel matrix holding a copy of {@code image}; the caller closes it. */
    public static Mat toMat(RgbImage image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        mat.data().put(image.pixels());
        return mat;
    }

    /** A copy of an 8-bit, 3-channel matrix. */
    public static RgbImage fromMat(Mat mat) {
        if (mat.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected an 8-bit 3-channel matrix, got type " + mat.type());
        }
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        try {
            byte[] pixels = new byte[mat.rows() * mat.cols() * 3];
            BytePointer data = continuous.data();
            data.get(pixels);
            return new RgbImage(mat.cols(), mat.rows(), pixels);
        } finally {
            if (continuous != mat) {
                continuous.close();
            }
        }
    }
}
