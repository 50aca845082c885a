package io.reenact.vision.face;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.OpenCvImages;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's Haar cascade for frontal faces: slower and less sure than BlazeFace, but with no
 * neural runtime, so it backs BlazeFace up (see {@link FallbackFaceDetector}).
 *
 * <p>A cascade has no probability, so the score is {@code n / (n + minNeighbours)} for the
 * {@code n} raw detections merged into the chosen box: the face most windows agree on wins.
 *
 * <p>Not thread-safe in OpenCV; calls are serialised on the instance.
 */
public final class CascadeFaceDetector implements FaceDetector {

    public static final double DEFAULT_SCALE_FACTOR = 1.2;
    public static final int DEFAULT_MIN_NEIGHBOURS = 3;
    /** Smallest face as a fraction of the frame's shorter side (80 px on a 528-line frame). */
    public static final double DEFAULT_MIN_FACE_FRACTION = 0.15;

    private final CascadeClassifier classifier;
    private final double scaleFactor;
    private final int minNeighbours;
    private final double minFaceFraction;

    /** The fetched frontal-face cascade with the defaults. */
    public static CascadeFaceDetector open() {
        return new CascadeFaceDetector(Assets.require(Assets.FACE_CASCADE), DEFAULT_SCALE_FACTOR, DEFAULT_MIN_NEIGHBOURS,
                DEFAULT_MIN_FACE_FRACTION);
    }

    public CascadeFaceDetector(Path cascade, double scaleFactor, int minNeighbours, double minFaceFraction) {
        if (!(scaleFactor > 1)) {
            throw new IllegalArgumentException("scaleFactor must be above 1: " + scaleFactor);
        }
        if (minNeighbours < 1) {
            throw new IllegalArgumentException("minNeighbours must be at least 1: " + minNeighbours);
        }
        if (!(minFaceFraction > 0 && minFaceFraction < 1)) {
            throw new IllegalArgumentException("minFaceFraction must be in (0, 1): " + minFaceFraction);
        }
        this.classifier = new CascadeClassifier();
        boolean loaded;
        try {
            loaded = classifier.load(cascade.toString());
        } catch (RuntimeException e) {
            // OpenCV throws on a file that is not XML/YAML at all, and returns false on a wrong one
            loaded = false;
        }
        if (!loaded) {
            classifier.close();
            throw new IllegalStateException("cannot read the OpenCV cascade " + cascade);
        }
        this.scaleFactor = scaleFactor;
        this.minNeighbours = minNeighbours;
        this.minFaceFraction = minFaceFraction;
    }

    @Override
    public synchronized Optional<FaceBox> detect(RgbImage frame) {
        if (classifier.isNull()) {
            throw new IllegalStateException("the cascade detector is closed");
        }
        int minFace = Math.max(20, (int) Math.round(minFaceFraction * Math.min(frame.width(), frame.height())));
        try (Mat rgb = OpenCvImages.toMat(frame); Mat grey = new Mat(); RectVector faces = new RectVector();
             IntPointer counts = new IntPointer(); Size min = new Size(minFace, minFace); Size max = new Size()) {
            // no histogram equalisation: on Megamind.avi it costs 41 of 232 detected frames
            cvtColor(rgb, grey, COLOR_RGB2GRAY);
            classifier.detectMultiScale2(grey, faces, counts, scaleFactor, minNeighbours, 0, min, max);
            int best = -1;
            for (int i = 0; i < faces.size(); i++) {
                if (best < 0 || counts.get(i) > counts.get(best)
                        || counts.get(i) == counts.get(best) && faces.get(i).area() > faces.get(best).area()) {
                    best = i;
                }
            }
            if (best < 0) {
                return Optional.empty();
            }
            Rect r = faces.get(best);
            int n = counts.get(best);
            return Optional.of(new FaceBox(r.x(), r.y(), r.width(), r.height(), (float) n / (n + minNeighbours)));
        }
    }

    @Override
    public synchronized void close() {
        classifier.close();
    }
}
