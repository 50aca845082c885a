package io.reenact.model.data;

/**
 * Head pose and expression of one frame.
 *
 * <ul>
 *   <li>{@code yaw} rotation about the vertical axis, radians; positive turns the nose to the image's
 *       right. Videos stay within about ±0.7.</li>
 *   <li>{@code pitch} rotation about the horizontal axis, radians; positive tilts the face down.
 *       Videos stay within about ±0.35.</li>
 *   <li>{@code roll} rotation about the viewing axis, radians; positive tilts the top of the head to
 *       the image's left. Videos stay within about ±0.3.</li>
 *   <li>{@code tx}, {@code ty} translation of the whole person in fractions of the image size,
 *       positive to the right and down; about ±0.1.</li>
 *   <li>{@code scale} zoom of the whole person, 1 = the paper's crop (face box × 1.8); about
 *       0.85–1.15.</li>
 *   <li>{@code jawOpen}, {@code smile}, {@code blink}, {@code browRaise} expression amounts in
 *       0..1 (blink 1 = eyes closed).</li>
 *   <li>{@code gazeX}, {@code gazeY} iris offset in −1..1, positive to the image's right and up.</li>
 * </ul>
 */
public record HeadPose(float yaw, float pitch, float roll, float tx, float ty, float scale,
                       float jawOpen, float smile, float blink, float browRaise, float gazeX, float gazeY) {

    /** Frontal, centred, neutral expression, eyes open and looking straight ahead. */
    public static final HeadPose FRONTAL = new HeadPose(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);

    public HeadPose {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
    }

    public HeadPose withYaw(float v) {
        return new HeadPose(v, pitch, roll, tx, ty, scale, jawOpen, smile, blink, browRaise, gazeX, gazeY);
    }

    public HeadPose withPitch(float v) {
        return new HeadPose(yaw, v, roll, tx, ty, scale, jawOpen, smile, blink, browRaise, gazeX, gazeY);
    }

    public HeadPose withRoll(float v) {
        return new HeadPose(yaw, pitch, v, tx, ty, scale, jawOpen, smile, blink, browRaise, gazeX, gazeY);
    }

    public HeadPose withJawOpen(float v) {
        return new HeadPose(yaw, pitch, roll, tx, ty, scale, v, smile, blink, browRaise, gazeX, gazeY);
    }

    public HeadPose withSmile(float v) {
        return new HeadPose(yaw, pitch, roll, tx, ty, scale, jawOpen, v, blink, browRaise, gazeX, gazeY);
    }

    public HeadPose withBlink(float v) {
        return new HeadPose(yaw, pitch, roll, tx, ty, scale, jawOpen, smile, v, browRaise, gazeX, gazeY);
    }

    public HeadPose withBrowRaise(float v) {
        return new HeadPose(yaw, pitch, roll, tx, ty, scale, jawOpen, smile, blink, v, gazeX, gazeY);
    }

    public HeadPose withGaze(float x, float y) {
        return new HeadPose(yaw, pitch, roll, tx, ty, scale, jawOpen, smile, blink, browRaise, x, y);
    }

    public HeadPose withPlacement(float x, float y, float s) {
        return new HeadPose(yaw, pitch, roll, x, y, s, jawOpen, smile, blink, browRaise, gazeX, gazeY);
    }

    /** The expression without the head's rigid pose: jaw, smile, blink, brow, gaze x and y. */
    public float[] expression() {
        return new float[] {jawOpen, smile, blink, browRaise, gazeX, gazeY};
    }

    /** Entries of {@link #expression()}. */
    public static final int EXPRESSIONS = 6;
}
