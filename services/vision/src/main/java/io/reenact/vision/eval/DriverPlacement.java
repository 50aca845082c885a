package io.reenact.vision.eval;

import io.reenact.model.data.Landmarks68;
import io.reenact.vision.landmarks.KeypointBaseline;

/**
 * Where the keypoint baseline's target landmarks go. {@link KeypointBaseline#reenact} keeps the
 * avatar's head where it was in the enrolment frame (the driver's shape is laid onto the avatar's
 * position, size and in-plane rotation), so head motion is lost; the paper's keypoint-driven
 * systems follow the driver's head. This places the same target at the driver's position and
 * in-plane rotation while keeping the avatar's size, so that pose errors and PSNR against the
 * ground truth compare like with like, and the shape leaking from the driver is the same.
 */
final class DriverPlacement {

    /** Nose and eyes, as in the baseline's own alignment: the points an expression barely moves. */
    private static final int FIRST = Landmarks68.NOSE_BRIDGE_TOP;
    private static final int LAST = 47;

    private DriverPlacement() {
    }

    static float[] target(float[] driver, float[] avatar) {
        float[] onAvatar = KeypointBaseline.alignTo(driver, avatar);
        return rigidOnto(onAvatar, driver);
    }

    /** {@code points} turned and shifted (not scaled) so that their nose and eyes best match those of {@code onto}. */
    static float[] rigidOnto(float[] points, float[] onto) {
        double px = 0, py = 0, ox = 0, oy = 0;
        int n = LAST - FIRST + 1;
        for (int i = FIRST; i <= LAST; i++) {
            px += points[2 * i];
            py += points[2 * i + 1];
            ox += onto[2 * i];
            oy += onto[2 * i + 1];
        }
        px /= n;
        py /= n;
        ox /= n;
        oy /= n;
        double dot = 0, cross = 0;
        for (int i = FIRST; i <= LAST; i++) {
            double fx = points[2 * i] - px, fy = points[2 * i + 1] - py;
            double tx = onto[2 * i] - ox, ty = onto[2 * i + 1] - oy;
            dot += tx * fx + ty * fy;
            cross += ty * fx - tx * fy;
        }
        double norm = Math.hypot(dot, cross);
        double c = norm == 0 ? 1 : dot / norm;
        double s = norm == 0 ? 0 : cross / norm;
        float[] out = new float[points.length];
        for (int i = 0; i < points.length / 2; i++) {
            double fx = points[2 * i] - px, fy = points[2 * i + 1] - py;
            out[2 * i] = (float) (ox + c * fx - s * fy);
            out[2 * i + 1] = (float) (oy + s * fx + c * fy);
        }
        return out;
    }
}
