package io.reenact.model.data;

/**
 * Where the painted facial features lie for one identity and expression, in head-local (x, y) on the
 * front of the face. Both the painter and the landmark model read these curves, so landmarks and
 * pixels can never disagree.
 */
final class FaceLayout {

    /** Mouth opening at the lip centre for jawOpen = 1, in head units. */
    static final double OPEN_MAX = 0.17;
    /**
     * How far a full smile lifts the upper lip off the lower one at the centre, showing the upper
     * teeth. With the corners' lift, the widening, the narrowed lower lids and the folds from nose to
     * mouth, a smile changes about as much of a frontal head as a blink does; lifting and widening
     * a closed lip line alone moved 27 of a 128² frame's 49,152 channel values, too few to learn.
     */
    static final double SMILE_PART = 0.04;
    /** Half the width of the fold from nose to mouth at rest, in head units (a full smile widens it by 5/7). */
    private static final double FOLD_HALF = 0.0063;

    final double eyeY;
    final double eyeSpacing;
    final double eyeHalfWidth;
    final double eyeHalfHeight;
    final double blink;
    final double gazeX;
    final double gazeY;

    final double browThickness;
    final BrowShape browShape;
    final double browRaise;

    final double noseTopY;
    final double noseBottomY;
    final double noseHalfWidth;

    final double mouthY;
    final double mouthHalfWidth;
    final double smile;
    final double smileLift;
    final double open;
    final double upperLip;
    final double lowerLip;

    // the fold's straight line from the nose's wing to below the mouth's corner, fixed per frame
    private final double foldX0;
    private final double foldY0;
    private final double foldDx;
    private final double foldDy;
    private final double foldLength;
    private final double cornerY;

    FaceLayout(HeadIdentity id, HeadPose pose) {
        eyeY = id.eyeLevel();
        eyeSpacing = id.eyeSpacing();
        eyeHalfWidth = id.eyeSize();
        eyeHalfHeight = 0.5 * id.eyeSize();
        blink = clamp01(pose.blink());
        gazeX = clamp(pose.gazeX(), -1, 1);
        gazeY = clamp(pose.gazeY(), -1, 1);
        browThickness = id.browThickness();
        browShape = id.browShape();
        browRaise = clamp01(pose.browRaise());
        noseTopY = eyeY - 0.01;
        noseBottomY = eyeY - id.noseLength();
        noseHalfWidth = id.noseWidth();
        mouthY = noseBottomY - id.mouthGap();
        smile = clamp01(pose.smile());
        double jaw = clamp01(pose.jawOpen());
        mouthHalfWidth = id.mouthWidth() * (1 + 0.22 * smile - 0.08 * jaw);
        smileLift = 0.07 * smile;
        open = OPEN_MAX * jaw;
        upperLip = 0.03 * id.lipThickness();
        lowerLip = 0.042 * id.lipThickness();
        cornerY = lipLine(1);
        foldX0 = noseHalfWidth * 1.3;
        foldY0 = noseBottomY + 0.04;
        foldDx = mouthHalfWidth + 0.07 - foldX0;
        foldDy = cornerY - 0.13 - foldY0;
        foldLength = Math.sqrt(foldDx * foldDx + foldDy * foldDy);
    }

    // ---- eyes: side −1 is the image-left eye (the subject's right), +1 the image-right eye

    double eyeCentreX(int side) {
        return side * eyeSpacing;
    }

    /** Slight upward tilt towards the outer corner, as in most faces. */
    private double tilt(int side, double u) {
        return 0.06 * eyeHalfWidth * side * u;
    }

    /** The lower lid, pushed up by the cheek in a smile. */
    double lowerLid(int side, double u) {
        return eyeY - (0.7 - 0.4 * smile) * eyeHalfHeight * (1 - u * u) + tilt(side, u);
    }

    double upperLid(int side, double u) {
        double open = eyeY + eyeHalfHeight * (1 - u * u) + tilt(side, u);
        double low = lowerLid(side, u);
        return low + (open - low) * (1 - blink);
    }

    /** Upper lid position with the eye fully open (for the lid crease). */
    double upperLidOpen(int side, double u) {
        return eyeY + eyeHalfHeight * (1 - u * u) + tilt(side, u);
    }

    double irisX(int side) {
        return eyeCentreX(side) + gazeX * 0.42 * eyeHalfWidth;
    }

    double irisY() {
        return eyeY + 0.1 * eyeHalfHeight + gazeY * 0.35 * eyeHalfHeight;
    }

    double irisRadius() {
        return 0.37 * eyeHalfWidth;
    }

    // ---- brows: v runs from the inner end (−1) to the outer end (+1)

    double browCentreX(int side) {
        return side * (eyeSpacing + 0.02);
    }

    double browHalfWidth() {
        return eyeHalfWidth * 1.35;
    }

    double browX(int side, double v) {
        return browCentreX(side) + side * v * browHalfWidth();
    }

    double browY(double v) {
        double base = eyeY + eyeHalfHeight + 0.085 + browRaise * 0.07 * (1 - 0.35 * v);
        switch (browShape) {
            case STRAIGHT:
                return base + 0.012 * (1 - v * v);
            case ARCHED:
                return base + 0.04 * (1 - (v - 0.15) * (v - 0.15)) - 0.01;
            case ANGLED:
                return base + (v < 0.35 ? 0.045 * (v + 1) / 1.35 : 0.045 * (1 - v) / 0.65) - 0.005;
            default:
                throw new AssertionError(browShape);
        }
    }

    double browHalfThickness(double v) {
        double taper = v > 0 ? 1 - 0.5 * v : 1 - 0.15 * (-v);
        return browThickness * taper;
    }

    // ---- mouth: u runs from the image-left corner (−1) to the image-right corner (+1)

    double mouthX(double u) {
        return u * mouthHalfWidth;
    }

    /** The lip line at rest, lifted at the corners by a smile. */
    double lipLine(double u) {
        return mouthY + smileLift * u * u;
    }

    /** Lower edge of the upper lip: a smile lifts it off the teeth. */
    double upperInner(double u) {
        double w = Math.max(1 - u * u, 0);
        return lipLine(u) + 0.12 * open * w + SMILE_PART * smile * Math.sqrt(w);
    }

    /** Upper edge of the lower lip. */
    double lowerInner(double u) {
        double w = Math.max(1 - u * u, 0);
        return lipLine(u) - 0.88 * open * Math.pow(w, 0.7) - 0.25 * SMILE_PART * smile * w;
    }

    // ---- the folds from the nose's wings to beyond the mouth's corners that a smile deepens

    /** How dark the fold from nose to mouth is: faint at rest, marked in a full smile. */
    double foldDepth() {
        return 0.12 + 0.55 * smile;
    }

    double foldHalfWidth() {
        return FOLD_HALF + 0.0045 * smile;
    }

    /** Whether head-local (|x|, y) may lie near the fold: a cheap test before {@link #fold}. */
    boolean nearFold(double ax, double y) {
        return y < noseBottomY + 0.1 && y > cornerY - 0.2 && ax < mouthHalfWidth + 0.2;
    }

    /**
     * Distance in head units from (|x|, y) to the fold, where along it (0 at the nose, 1 at the end
     * beside the mouth's corner), and on which side (positive on the cheek's, away from the mouth), as
     * {out[0], out[1], out[2]}; the fold bows outwards, and in a smile its end follows the lifted,
     * widened corner.
     */
    void fold(double ax, double y, double[] out) {
        double t = clamp01(((ax - foldX0) * foldDx + (y - foldY0) * foldDy) / (foldDx * foldDx + foldDy * foldDy));
        double bow = 0.045 * Math.sin(Math.PI * t);
        // the segment's normal pointing away from the mouth
        double nx = -foldDy / foldLength;
        double ny = foldDx / foldLength;
        double px = foldX0 + foldDx * t + nx * bow;
        double py = foldY0 + foldDy * t + ny * bow;
        out[0] = Math.sqrt((ax - px) * (ax - px) + (y - py) * (y - py));
        out[1] = t;
        out[2] = (ax - px) * nx + (y - py) * ny;
    }

    /** Top edge of the upper lip, with the dip of the cupid's bow. */
    double upperOuter(double u) {
        double w = Math.max(1 - u * u, 0);
        double bow = 1 - 0.3 * Math.exp(-(u / 0.14) * (u / 0.14));
        return upperInner(u) + upperLip * Math.sqrt(w) * bow + 0.004;
    }

    /** Bottom edge of the lower lip. */
    double lowerOuter(double u) {
        double w = Math.max(1 - u * u, 0);
        return lowerInner(u) - lowerLip * Math.sqrt(w) - 0.004;
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
