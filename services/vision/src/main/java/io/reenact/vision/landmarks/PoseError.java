package io.reenact.vision.landmarks;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;

import java.util.Objects;

/**
 * The paper's pose reconstruction error on real frames: the 68 landmarks of the driver frame and
 * of the generated frame, found by dlib's predictor, compared by
 * {@link Landmarks68#normalizedMeanError} (mean point distance over the driver's outer-eye-corner
 * distance, 36 to 45) and by its scale-and-shift-aligned variant. The same arithmetic scores the
 * synthetic heads, where the landmarks are exact.
 */
public final class PoseError {

    /** Both landmark sets and the two errors; {@code driver} is the reference. */
    public record Result(float[] driver, float[] generated, double error, double alignedError) {
    }

    private final DlibShapePredictor predictor;

    public PoseError(DlibShapePredictor predictor) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
    }

    /** Landmarks of both frames in their (dlib-like) face boxes, then their errors. */
    public Result between(RgbImage driver, LandmarkBox driverBox, RgbImage generated, LandmarkBox generatedBox) {
        return between(predictor.predict(driver, driverBox), predictor.predict(generated, generatedBox));
    }

    /** The errors of two 68-point sets, {@code driver} the reference. */
    public static Result between(float[] driver, float[] generated) {
        return new Result(driver, generated, Landmarks68.normalizedMeanError(generated, driver),
                Landmarks68.alignedNormalizedMeanError(generated, driver));
    }
}
