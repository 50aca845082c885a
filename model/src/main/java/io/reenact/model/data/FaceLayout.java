package io.reenact.model.data;

/**
 * Where the painted facial features lie for one identity and expression, in head-local (x, y) on the
 * front of the face. Both the painter and the landmark model read these curves, so landmarks and
 * pixels can never disagree.
 */
final class FaceLayout {

    /** Mouth opening at the lip centre for jawOpen = 1, in head units. */
    static final double OPEN_MAX = 0.17;

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
    final double smileLift;
    final double open;
    final double upperLip;
    final double lowerLip;

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
        double smile = clamp01(pose.smile());
        double jaw = clamp01(pose.jawOpen());
        mouthHalfWidth = id.mouthWidth() * (1 + 0.14 * smile - 0.08 * jaw);
        smileLift = 0.05 * smile;
        open = OPEN_MAX * jaw;
        upperLip = 0.03 * id.lipThickness();
        lowerLip = 0.042 * id.lipThickness();
    }

    // ---- eyes: side −1 is the image-left eye (the subject's right), +1 the image-right eye

    double eyeCentreX(int side) {
        return side * eyeSpacing;
    }

    /** Slight upward tilt towards the outer corner, as in most faces. */
    private double tilt(int side, double u) {
        return 0.06 * eyeHalfWidth * side * u;
    }

    double lowerLid(int side, double u) {
        return eyeY - 0.7 * eyeHalfHeight * (1 - u * u) + tilt(side, u);
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

    /** Lower edge of the upper lip. */
    double upperInner(double u) {
        return lipLine(u) + 0.12 * open * (1 - u * u);
    }

    /** Upper edge of the lower lip. */
    double lowerInner(double u) {
        double w = 1 - u * u;
        return lipLine(u) - 0.88 * open * Math.pow(Math.max(w, 0), 0.7);
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
