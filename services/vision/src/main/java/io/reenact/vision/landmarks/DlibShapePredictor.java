package io.reenact.vision.landmarks;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;
import io.reenact.vision.Assets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * dlib's {@code shape_predictor} (Kazemi and Sullivan's ensemble of regression trees) read from its
 * own file format and run in plain Java; with {@code shape_predictor_68_face_landmarks.dat} it
 * gives the 68 iBUG 300-W landmarks of a face.
 *
 * <p>Prediction follows {@code dlib/image_processing/shape_predictor.h}: the shape starts as the
 * mean shape placed in the face box, and each level of the cascade reads a few hundred pixel
 * intensities, each located relative to its anchor landmark of the <em>current</em> shape (the
 * offset turned and scaled by the least-squares similarity from the mean shape to the current
 * shape, then mapped from the unit box to the face box and rounded to a pixel), and adds the leaf
 * vectors its trees pick by comparing pairs of those intensities. Intensity is dlib's
 * {@code (r + g + b) / 3}; pixels outside the image read as 0. Two deliberate differences: the 2×2
 * similarity is computed in closed form rather than through dlib's SVD (the same transform up to
 * the last bits of a double), and the result keeps its sub-pixel precision where dlib rounds each
 * landmark to a whole pixel (rounding {@code landmark - 0.5} gives dlib's own points: the tests
 * check that against dlib's output).
 *
 * <p>The predictor expects a dlib-like face box: see {@link LandmarkBox}. Loading takes seconds
 * (100 MB of dlib's variable-length numbers) and keeps 65 MB of leaf vectors, so load once
 * ({@link #shared()}); an instance is immutable and {@link #predict} is thread-safe.
 */
public final class DlibShapePredictor {

    private static final Logger LOG = LoggerFactory.getLogger(DlibShapePredictor.class);

    private final float[] meanShape;
    private final CascadeLevel[] levels;
    private final long loadMillis;
    /** The mean shape about its centroid, and its spread: the fixed "from" side of every similarity fit. */
    private final double[] meanCentred;
    private final double meanSpread;

    DlibShapePredictor(float[] meanShape, CascadeLevel[] levels, long loadMillis) {
        this.meanShape = meanShape;
        this.levels = levels;
        this.loadMillis = loadMillis;
        int n = meanShape.length / 2;
        double[] centre = centroid(meanShape);
        double cx = centre[0], cy = centre[1];
        meanCentred = new double[meanShape.length];
        double spread = 0;
        for (int i = 0; i < n; i++) {
            meanCentred[2 * i] = meanShape[2 * i] - cx;
            meanCentred[2 * i + 1] = meanShape[2 * i + 1] - cy;
            spread += meanCentred[2 * i] * meanCentred[2 * i] + meanCentred[2 * i + 1] * meanCentred[2 * i + 1];
        }
        meanSpread = spread;
    }

    private static volatile DlibShapePredictor shared;

    /**
     * The 68-point model from {@link Assets#DLIB_LANDMARKS}, loaded on first use and shared. A
     * missing or broken file fails every call with the same clear message (not once and then with
     * a class-initialisation error).
     */
    public static DlibShapePredictor shared() {
        DlibShapePredictor p = shared;
        if (p == null) {
            synchronized (DlibShapePredictor.class) {
                p = shared;
                if (p == null) {
                    try {
                        p = load(Assets.require(Assets.DLIB_LANDMARKS));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                    shared = p;
                }
            }
        }
        return p;
    }

    /** Reads a dlib {@code shape_predictor} file; {@link DlibFormatException} if it is not an intact one. */
    public static DlibShapePredictor load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        long start = System.nanoTime();
        byte[] bytes = Files.readAllBytes(file);
        DlibShapePredictor predictor = ShapePredictorFile.parse(new DlibInput(bytes, file.toString()), start);
        LOG.info("dlib shape predictor {}: {} landmarks, {} levels x {} trees, {} MB, loaded in {} ms",
                file.getFileName(), predictor.parts(), predictor.levels.length,
                predictor.levels.length == 0 ? 0 : predictor.levels[0].trees.length,
                bytes.length / 1_000_000, predictor.loadMillis);
        return predictor;
    }

    /** Number of landmarks (68 for the iBUG model). */
    public int parts() {
        return meanShape.length / 2;
    }

    public int cascadeLevels() {
        return levels.length;
    }

    /** Wall time {@link #load} took: reading the file and building the model. */
    public long loadMillis() {
        return loadMillis;
    }

    /**
     * The landmarks of the face in {@code box}, as {@code {x0, y0, x1, y1, ...}} in continuous pixel
     * coordinates: the {@link Landmarks68} layout and iBUG order for the 68-point model.
     */
    public float[] predict(RgbImage image, LandmarkBox box) {
        Objects.requireNonNull(image, "image");
        byte[] px = image.pixels();
        int w = image.width();
        return run(w, image.height(), box, (x, y) -> {
            int o = (y * w + x) * 3;
            return ((px[o] & 0xff) + (px[o + 1] & 0xff) + (px[o + 2] & 0xff)) / 3;
        });
    }

    /** As {@link #predict(RgbImage, LandmarkBox)} on an 8-bit greyscale image (row-major, one byte a pixel). */
    public float[] predict(int width, int height, byte[] grey, LandmarkBox box) {
        Objects.requireNonNull(grey, "grey");
        if (width <= 0 || height <= 0 || grey.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " = " + (long) width * height
                    + " grey bytes, got " + grey.length);
        }
        return run(width, height, box, (x, y) -> grey[y * width + x] & 0xff);
    }

    @FunctionalInterface
    private interface Intensity {
        int at(int x, int y);
    }

    private float[] run(int width, int height, LandmarkBox box, Intensity intensity) {
        Objects.requireNonNull(box, "box");
        // dlib's rectangle: corner pixel indices, right and bottom inclusive; pixel centres at integers
        double left = box.x();
        double top = box.y();
        double spanX = box.width() - 1;
        double spanY = box.height() - 1;
        float[] shape = meanShape.clone();
        for (CascadeLevel level : levels) {
            float[] features = new float[level.anchors.length];
            float[] m = similarityFromMean(shape);
            for (int f = 0; f < features.length; f++) {
                float dx = level.deltas[2 * f];
                float dy = level.deltas[2 * f + 1];
                int a = level.anchors[f];
                float u = m[0] * dx + m[1] * dy + shape[2 * a];
                float v = m[2] * dx + m[3] * dy + shape[2 * a + 1];
                long x = (long) Math.floor(left + spanX * u + 0.5);
                long y = (long) Math.floor(top + spanY * v + 0.5);
                features[f] = x >= 0 && y >= 0 && x < width && y < height ? intensity.at((int) x, (int) y) : 0;
            }
            for (RegressionTree tree : level.trees) {
                tree.addLeaf(features, shape);
            }
        }
        float[] landmarks = new float[shape.length];
        for (int i = 0; i < shape.length; i += 2) {
            landmarks[i] = (float) (left + spanX * shape[i] + 0.5);
            landmarks[i + 1] = (float) (top + spanY * shape[i + 1] + 0.5);
        }
        return landmarks;
    }

    /**
     * The 2×2 part of the least-squares similarity (rotation, uniform scale; no reflection) taking
     * the mean shape to {@code shape}: Umeyama's solution, which for two dimensions is
     * [[a, -b], [b, a]] with a and b the dot and cross sums of the centred point pairs over the
     * mean shape's spread.
     */
    private float[] similarityFromMean(float[] shape) {
        int n = shape.length / 2;
        double[] centre = centroid(shape);
        double cx = centre[0], cy = centre[1];
        double dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double fx = meanCentred[2 * i];
            double fy = meanCentred[2 * i + 1];
            double tx = shape[2 * i] - cx;
            double ty = shape[2 * i + 1] - cy;
            dot += tx * fx + ty * fy;
            cross += ty * fx - tx * fy;
        }
        if (meanSpread == 0) {
            double norm = Math.hypot(dot, cross);
            return norm == 0 ? new float[] {1, 0, 0, 1}
                    : new float[] {(float) (dot / norm), (float) (-cross / norm), (float) (cross / norm), (float) (dot / norm)};
        }
        float a = (float) (dot / meanSpread);
        float b = (float) (cross / meanSpread);
        return new float[] {a, -b, b, a};
    }

    /** The mean (x, y) of interleaved points. */
    private static double[] centroid(float[] points) {
        int n = points.length / 2;
        double cx = 0, cy = 0;
        for (int i = 0; i < n; i++) {
            cx += points[2 * i];
            cy += points[2 * i + 1];
        }
        return new double[] {cx / n, cy / n};
    }

    /**
     * The dlib-like box that places the mean shape best (least squares, square box) on
     * {@code landmarks} (all of them, continuous pixel coordinates): the box to track a face with
     * from one frame's landmarks to the next.
     */
    public LandmarkBox boxFor(float[] landmarks) {
        if (landmarks.length != meanShape.length) {
            throw new IllegalArgumentException("expected " + meanShape.length + " coordinates, got " + landmarks.length);
        }
        int n = parts();
        double[] unit = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            unit[i] = meanShape[i];
        }
        double[] image = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            image[i] = landmarks[i];
        }
        return fitBox(unit, image);
    }

    /**
     * A dlib-like box from the two eye centres and the mouth centre (continuous pixel
     * coordinates), the keypoints most face detectors give: the square box that puts the mean
     * shape's eye centres (mean of 36–41 and of 42–47) and mouth centre (mean of 48–67) nearest to
     * them. {@code imageLeftEye} is the eye on the image's left (the subject's right).
     */
    public LandmarkBox boxForEyesAndMouth(double imageLeftEyeX, double imageLeftEyeY,
                                          double imageRightEyeX, double imageRightEyeY,
                                          double mouthX, double mouthY) {
        if (parts() != Landmarks68.COUNT) {
            throw new IllegalStateException("eye and mouth keypoints need the 68-point model, this one has " + parts());
        }
        double[] unit = new double[6];
        mean(Landmarks68.RIGHT_EYE, unit, 0);
        mean(Landmarks68.LEFT_EYE, unit, 2);
        int[] mouth = new int[20];
        for (int i = 0; i < 20; i++) {
            mouth[i] = 48 + i;
        }
        mean(mouth, unit, 4);
        return fitBox(unit, new double[] {imageLeftEyeX, imageLeftEyeY, imageRightEyeX, imageRightEyeY, mouthX, mouthY});
    }

    private void mean(int[] indices, double[] into, int at) {
        double x = 0, y = 0;
        for (int i : indices) {
            x += meanShape[2 * i];
            y += meanShape[2 * i + 1];
        }
        into[at] = x / indices.length;
        into[at + 1] = y / indices.length;
    }

    /** Least-squares uniform scale s and shift t with image ≈ s · unit + t, in dlib's pixel-index frame. */
    private static LandmarkBox fitBox(double[] unit, double[] image) {
        int n = unit.length / 2;
        double ux = 0, uy = 0, ix = 0, iy = 0;
        for (int i = 0; i < n; i++) {
            ux += unit[2 * i];
            uy += unit[2 * i + 1];
            // continuous coordinates to dlib's, where pixel centres are integers
            ix += image[2 * i] - 0.5;
            iy += image[2 * i + 1] - 0.5;
        }
        ux /= n;
        uy /= n;
        ix /= n;
        iy /= n;
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) {
            double du = unit[2 * i] - ux;
            double dv = unit[2 * i + 1] - uy;
            num += du * (image[2 * i] - 0.5 - ix) + dv * (image[2 * i + 1] - 0.5 - iy);
            den += du * du + dv * dv;
        }
        double s = num / den;
        if (!(s > 1)) {
            throw new IllegalArgumentException("the points do not look like a face (scale " + s + " px)");
        }
        return new LandmarkBox(ix - s * ux, iy - s * uy, s + 1, s + 1);
    }
}
