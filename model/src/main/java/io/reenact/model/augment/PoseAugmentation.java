package io.reenact.model.augment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.Random;

/**
 * The paper's pose augmentation. Its purpose is disentanglement: the pose encoder sees a frame whose
 * identity cues (colours, texture, face width and height) are disturbed, so the only thing it can
 * reliably pass to the generator is the pose.
 * <ul>
 *   <li>pixel operations (0..5 of blur, sharpen, emboss, edges, noise, add, saturation, JPEG, multiply,
 *   contrast; elastic with p 0.5) on the pose frame only;</li>
 *   <li>independent x/y scale 0.8..1.2 with p 0.5 on the pose frame (reflect padding): it destroys face
 *   proportions, which a pose encoder could otherwise pass on as identity. Only the proportions: the
 *   target is zoomed by the geometric mean of the two scales, so the head's size in the pose frame
 *   still says how large the output must be. Zooming the pose frame alone taught the warping renderer
 *   to ignore the driver's framing: a driver filmed closer than the avatar's enrolment got a small head;</li>
 *   <li>a shift of up to ±5% with p 0.5 applied identically to pose frame, target and target mask, so the
 *   network learns translation from the pose frame without the target drifting away from it.</li>
 * </ul>
 * Stateless and thread-safe; all randomness comes from the caller's {@link Random}.
 */
public final class PoseAugmentation {

    /**
     * What is switched on. {@link #paper()} is the default; the others serve ablations and tests.
     *
     * @param maxPixelOps       most pixel operations drawn per frame (paper 5; 0 disables them)
     * @param elasticProbability probability of the elastic warp
     * @param scaleProbability  probability of the independent x/y scale
     * @param scaleRange        maximum relative scale change (paper 0.2: 0.8..1.2)
     * @param shiftProbability  probability of the shared shift
     * @param shiftFraction     maximum shift as a fraction of the image size (paper 0.05)
     */
    public record Settings(int maxPixelOps, double elasticProbability, double scaleProbability,
                           double scaleRange, double shiftProbability, double shiftFraction) {

        public static Settings paper() {
            return new Settings(5, 0.5, 0.5, 0.2, 0.5, 0.05);
        }

        public static Settings none() {
            return new Settings(0, 0, 0, 0, 0, 0);
        }

        public Settings withoutPixelOps() {
            return new Settings(0, 0, scaleProbability, scaleRange, shiftProbability, shiftFraction);
        }

        public Settings withoutGeometry() {
            return new Settings(maxPixelOps, elasticProbability, 0, 0, 0, 0);
        }
    }

    private final Settings settings;

    public PoseAugmentation(Settings settings) {
        this.settings = settings;
    }

    public PoseAugmentation() {
        this(Settings.paper());
    }

    public Settings settings() {
        return settings;
    }

    public AugmentedSample apply(RgbImage poseFrame, RgbImage target, Mask targetMask, Random rng) {
        if (target.width() != targetMask.width() || target.height() != targetMask.height()) {
            throw new IllegalArgumentException("target and mask differ in size");
        }
        int w = target.width();
        int h = target.height();
        int dx = 0;
        int dy = 0;
        if (rng.nextDouble() < settings.shiftProbability()) {
            int maxX = (int) Math.round(settings.shiftFraction() * w);
            int maxY = (int) Math.round(settings.shiftFraction() * h);
            dx = maxX == 0 ? 0 : rng.nextInt(2 * maxX + 1) - maxX;
            dy = maxY == 0 ? 0 : rng.nextInt(2 * maxY + 1) - maxY;
        }
        double sx = 1;
        double sy = 1;
        if (rng.nextDouble() < settings.scaleProbability()) {
            sx = 1 + settings.scaleRange() * (2 * rng.nextDouble() - 1);
            sy = 1 + settings.scaleRange() * (2 * rng.nextDouble() - 1);
        }
        RgbImage pose = poseFrame;
        if (settings.maxPixelOps() > 0 || settings.elasticProbability() > 0 || sx != 1 || sy != 1) {
            FloatImage f = FloatImage.of(poseFrame);
            f = PixelAugmenter.apply(f, rng, settings.maxPixelOps(), settings.elasticProbability());
            if (sx != 1 || sy != 1) {
                f = GeometricWarp.scaleAndShift(f, sx, sy, dx, dy);
                pose = f.toRgb();
            } else {
                pose = GeometricWarp.shift(f.toRgb(), dx, dy);
            }
        } else {
            pose = GeometricWarp.shift(pose, dx, dy);
        }
        double zoom = Math.sqrt(sx * sy);
        if (zoom == 1) {
            return new AugmentedSample(pose, GeometricWarp.shift(target, dx, dy), GeometricWarp.shift(targetMask, dx, dy),
                    1, dx, dy);
        }
        return new AugmentedSample(pose, GeometricWarp.scaleAndShift(FloatImage.of(target), zoom, zoom, dx, dy).toRgb(),
                GeometricWarp.scaleAndShift(targetMask, zoom, dx, dy), zoom, dx, dy);
    }
}
