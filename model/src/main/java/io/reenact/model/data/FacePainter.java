package io.reenact.model.data;

/**
 * Albedo of the face surface: skin with eyes, brows, nostrils, lips and glasses painted in head-local
 * (x, y). Edges are blended over about one pixel ({@code aa}, head units per pixel) so features do
 * not alias even without supersampling. Holds scratch buffers: one painter per thread.
 */
final class FacePainter {

    private static final double[] SCLERA = {0.93, 0.91, 0.87};
    private static final double[] PUPIL = {0.04, 0.03, 0.03};
    private static final double[] LASH = {0.09, 0.07, 0.06};
    private static final double[] MOUTH_INSIDE = {0.32, 0.09, 0.1};
    private static final double[] TEETH = {0.92, 0.9, 0.84};
    private static final double FRAME_HALF = 0.017;

    private final FaceLayout f;
    private final double[] skin;
    private final double[] lip;
    private final double[] lowerLipColor;
    private final double[] iris;
    private final double[] brow;
    private final double[] glassesFrame;
    private final double[] nostril;
    private final double[] creaseColor;
    private final double[] cheekLight;
    private final double[] foldScratch = new double[3];
    private final double[] eyeScratch = new double[3];
    private final double[] mouthScratch = new double[3];
    private final double[] irisScratch = new double[3];
    private static final double[] SUN_LENS = {0.05, 0.05, 0.06};
    private static final double[] CLEAR_LENS = {0.85, 0.9, 0.95};
    private final Glasses glasses;
    private final double aa;

    FacePainter(HeadIdentity id, FaceLayout layout, double headUnitsPerPixel) {
        this.f = layout;
        this.skin = toDouble(Colors.unpack(id.skinColor()));
        this.lip = toDouble(Colors.unpack(id.lipColor()));
        this.lowerLipColor = new double[] {Math.min(1, lip[0] * 1.08), Math.min(1, lip[1] * 1.05), Math.min(1, lip[2] * 1.05)};
        this.iris = toDouble(Colors.unpack(id.eyeColor()));
        double[] hair = toDouble(Colors.unpack(id.hairColor()));
        // light hair still gets visibly darker brows
        this.brow = new double[] {hair[0] * 0.7, hair[1] * 0.68, hair[2] * 0.66};
        this.glassesFrame = toDouble(Colors.unpack(id.glassesColor()));
        this.glasses = id.glasses();
        this.nostril = new double[] {skin[0] * 0.3, skin[1] * 0.22, skin[2] * 0.22};
        this.creaseColor = new double[] {skin[0] * 0.7, skin[1] * 0.62, skin[2] * 0.6};
        this.cheekLight = new double[] {Math.min(1, skin[0] * 1.18), Math.min(1, skin[1] * 1.15), Math.min(1, skin[2] * 1.12)};
        this.aa = Math.max(headUnitsPerPixel, 1e-4);
    }

    double[] skin() {
        return skin;
    }

    /** Coverage of a region whose signed distance (inside positive, head units) is d. */
    private double cov(double d) {
        double v = d / aa + 0.5;
        return v <= 0 ? 0 : (v >= 1 ? 1 : v);
    }

    private static void mix(double[] out, double[] c, double a) {
        if (a <= 0) {
            return;
        }
        out[0] += (c[0] - out[0]) * a;
        out[1] += (c[1] - out[1]) * a;
        out[2] += (c[2] - out[2]) * a;
    }

    private static void scale(double[] out, double s) {
        out[0] *= s;
        out[1] *= s;
        out[2] *= s;
    }

    /** Albedo at head-local (x, y, z) of a face or head surface. */
    void albedo(double x, double y, double z, double[] out) {
        out[0] = skin[0];
        out[1] = skin[1];
        out[2] = skin[2];
        if (z > 0.2) {
            paintFront(x, y, out);
        }
        if (glasses != Glasses.NONE) {
            paintGlasses(x, y, z, out);
        }
    }

    private void paintFront(double x, double y, double[] out) {
        double ax = Math.abs(x);
        // cheeks: a faint flush towards the lip colour, raised and fuller in a smile
        double bx = ax - (f.eyeSpacing + 0.04);
        double by = y - (f.eyeY - 0.3 + 0.06 * f.smile);
        double blush = 1 - (bx * bx + by * by) / 0.03;
        if (blush > 0) {
            mix(out, lip, (0.16 + 0.14 * f.smile) * blush * blush);
        }
        if (f.nearFold(ax, y)) {
            paintFold(ax, y, out);
        }
        if (y < f.noseBottomY + 0.06 && y > f.noseBottomY - 0.04 && ax < f.noseHalfWidth * 1.1) {
            paintNostrils(x, y, out);
        }
        double eyeTop = f.eyeY + f.eyeHalfHeight + 0.2;
        if (y < eyeTop + 0.05 && y > f.eyeY - f.eyeHalfHeight * 1.5) {
            int side = x < 0 ? -1 : 1;
            paintBrow(side, x, y, out);
            paintEye(side, x, y, out);
        }
        if (y < f.mouthY + 0.12 && y > f.mouthY - FaceLayout.OPEN_MAX - 0.1 && ax < f.mouthHalfWidth + 0.02) {
            paintMouth(x, y, out);
        }
    }

    /** What an expression moves across the face: a point of one feature in one frame and another in the next has no match. */
    static final int SKIN = 0;
    static final int UPPER_LIP = 1;
    static final int LOWER_LIP = 2;
    static final int MOUTH_OPENING = 3;
    static final int EYE_OPENING = 4;
    static final int IRIS = 5;
    static final int BROW = 6;
    static final int FOLD = 7;

    /**
     * Which expression-driven feature head-local (x, y, z) shows under this frame's expression. The
     * features are painted in head-local coordinates, so a point keeps its place when the jaw drops,
     * a lid closes, the brows rise or the gaze turns, while what it shows changes: the true flow
     * must not call it visible then.
     */
    int feature(double x, double y, double z) {
        if (z <= 0.2) {
            return SKIN;
        }
        double ax = Math.abs(x);
        if (y < f.mouthY + 0.12 && y > f.mouthY - FaceLayout.OPEN_MAX - 0.1 && ax < f.mouthHalfWidth) {
            double uc = x / f.mouthHalfWidth;
            double side = (1 - Math.abs(uc)) * f.mouthHalfWidth;
            if (Math.min(Math.min(f.upperInner(uc) - y, y - f.lowerInner(uc)), side) > 0) {
                return MOUTH_OPENING;
            }
            if (Math.min(Math.min(f.upperOuter(uc) - y, y - f.upperInner(uc)), side) > 0) {
                return UPPER_LIP;
            }
            if (Math.min(Math.min(f.lowerInner(uc) - y, y - f.lowerOuter(uc)), side) > 0) {
                return LOWER_LIP;
            }
        }
        if (onFold(ax, y)) {
            return FOLD;
        }
        if (y < f.eyeY + f.eyeHalfHeight + 0.25 && y > f.eyeY - f.eyeHalfHeight * 1.5) {
            int side = x < 0 ? -1 : 1;
            double u = (x - f.eyeCentreX(side)) / f.eyeHalfWidth;
            if (Math.abs(u) < 1) {
                double inside = Math.min(Math.min(y - f.lowerLid(side, u), f.upperLid(side, u) - y),
                        (1 - Math.abs(u)) * f.eyeHalfWidth * 0.6);
                if (inside > 0) {
                    double ix = x - f.irisX(side);
                    double iy = y - f.irisY();
                    return Math.sqrt(ix * ix + iy * iy) < f.irisRadius() ? IRIS : EYE_OPENING;
                }
            }
            double v = side * (x - f.browCentreX(side)) / f.browHalfWidth();
            if (Math.abs(v) < 1 && Math.abs(y - f.browY(v)) < f.browHalfThickness(v)) {
                return BROW;
            }
        }
        return SKIN;
    }

    /**
     * The fold from the nose's wing to beyond the mouth's corner, with the light the cheek catches
     * above it in a smile.
     */
    private void paintFold(double ax, double y, double[] out) {
        f.fold(ax, y, foldScratch);
        double d = foldScratch[0];
        double t = foldScratch[1];
        double taper = Math.min(1, 5 * t) * Math.min(1, 2 * (1 - t));
        if (taper <= 0) {
            return;
        }
        double half = f.foldHalfWidth();
        mix(out, creaseColor, f.foldDepth() * taper * cov(half - d));
        double reach = 0.06;
        boolean cheekSide = foldScratch[2] > 0;
        if (f.smile > 0 && d < reach && cheekSide) {
            mix(out, cheekLight, 0.45 * f.smile * taper * cov(reach - d) * cov(d - half));
        }
    }

    /**
     * Whether the fold of a marked smile is drawn at head-local (|x|, y) of the front: the faint fold
     * at rest looks like skin to the warp, a smile's does not.
     */
    private boolean onFold(double ax, double y) {
        if (f.foldDepth() < 0.3 || !f.nearFold(ax, y)) {
            return false;
        }
        f.fold(ax, y, foldScratch);
        double t = foldScratch[1];
        return t > 0.1 && t < 0.9 && foldScratch[0] < f.foldHalfWidth();
    }

    private void paintNostrils(double x, double y, double[] out) {
        double nx = (Math.abs(x) - f.noseHalfWidth * 0.45) / (f.noseHalfWidth * 0.32);
        double ny = (y - (f.noseBottomY + 0.022)) / 0.017;
        double r = Math.sqrt(nx * nx + ny * ny);
        mix(out, nostril, cov((1 - r) * 0.017));
    }

    private void paintBrow(int side, double x, double y, double[] out) {
        double v = side * (x - f.browCentreX(side)) / f.browHalfWidth();
        if (v < -1.1 || v > 1.1) {
            return;
        }
        double centre = f.browY(v);
        double half = f.browHalfThickness(v);
        double d = Math.min(half - Math.abs(y - centre), (1 - Math.abs(v)) * f.browHalfWidth());
        mix(out, brow, 0.92 * cov(d));
    }

    private void paintEye(int side, double x, double y, double[] out) {
        double ex = f.eyeCentreX(side);
        double w = f.eyeHalfWidth;
        double u = (x - ex) / w;
        if (u < -1.25 || u > 1.25) {
            return;
        }
        double uc = Math.max(-1, Math.min(1, u));
        double upper = f.upperLid(side, uc);
        double lower = f.lowerLid(side, uc);
        // lid crease and upper-lid skin shade
        double crease = f.upperLidOpen(side, uc) + 0.035;
        double creaseD = 0.006 - Math.abs(y - crease);
        mix(out, creaseColor, 0.5 * cov(creaseD) * (1 - uc * uc));
        double inside = Math.min(Math.min(y - lower, upper - y), (1 - Math.abs(u)) * w * 0.6);
        double a = cov(inside);
        if (a > 0) {
            double[] eye = eyeScratch;
            eye[0] = SCLERA[0];
            eye[1] = SCLERA[1];
            eye[2] = SCLERA[2];
            double ix = x - f.irisX(side);
            double iy = y - f.irisY();
            double r = Math.sqrt(ix * ix + iy * iy);
            double ir = f.irisRadius();
            double irisA = cov(ir - r);
            if (irisA > 0) {
                double ring = 0.7 + 0.45 * Math.max(0, 1 - r / ir);
                double[] ic = irisScratch;
                ic[0] = iris[0] * ring;
                ic[1] = iris[1] * ring;
                ic[2] = iris[2] * ring;
                mix(eye, ic, irisA);
                mix(eye, PUPIL, cov(ir * 0.42 - r));
                double hx = ix + ir * 0.3;
                double hy = iy - ir * 0.35;
                mix(eye, SCLERA, 0.9 * cov(ir * 0.18 - Math.sqrt(hx * hx + hy * hy)));
            }
            // the upper lid shadows the top of the eyeball
            double shade = 0.72 + 0.28 * Math.min(1, Math.max(0, (upper - y) / (0.8 * f.eyeHalfHeight)));
            scale(eye, shade);
            mix(out, eye, a);
        }
        // lash line along the upper lid, reaching a little past the outer corner
        double lashU = Math.max(-1.12, Math.min(1.12, u));
        double lashY = f.upperLid(side, Math.max(-1, Math.min(1, lashU))) + 0.006;
        double lashD = Math.min(0.009 - Math.abs(y - lashY), (1.12 - Math.abs(u)) * w);
        mix(out, LASH, 0.9 * cov(lashD));
        double lowerD = Math.min(0.004 - Math.abs(y - lower), (1 - Math.abs(u)) * w);
        mix(out, LASH, 0.35 * cov(lowerD));
    }

    private void paintMouth(double x, double y, double[] out) {
        double u = x / f.mouthHalfWidth;
        double au = Math.abs(u);
        if (au > 1.05) {
            return;
        }
        double uc = Math.min(au, 1) * Math.signum(u);
        double side = (1 - au) * f.mouthHalfWidth;
        double upperInner = f.upperInner(uc);
        double lowerInner = f.lowerInner(uc);
        double upperOuter = f.upperOuter(uc);
        double lowerOuter = f.lowerOuter(uc);
        // upper lip
        mix(out, lip, cov(Math.min(Math.min(upperOuter - y, y - upperInner + 0.002), side)));
        // lower lip
        mix(out, lowerLipColor, cov(Math.min(Math.min(lowerInner + 0.002 - y, y - lowerOuter), side)));
        // the opening between the lips: dark mouth with the upper teeth
        double openD = Math.min(Math.min(upperInner - y, y - lowerInner), side);
        if (openD > -aa) {
            double[] inside = mouthScratch;
            inside[0] = MOUTH_INSIDE[0];
            inside[1] = MOUTH_INSIDE[1];
            inside[2] = MOUTH_INSIDE[2];
            double teethD = Math.min(y - (upperInner - 0.045), 0.7 * f.mouthHalfWidth - Math.abs(x));
            mix(inside, TEETH, cov(teethD));
            mix(out, inside, cov(openD));
        }
        // the lip line itself when closed
        double lineD = Math.min(0.0035 - Math.abs(y - f.lipLine(uc)), side);
        mix(out, MOUTH_INSIDE, 0.6 * cov(lineD));
    }

    private void paintGlasses(double x, double y, double z, double[] out) {
        double ax = Math.abs(x);
        double gy = f.eyeY + 0.01;
        double w = f.eyeHalfWidth;
        double dy = y - gy;
        if (Math.abs(dy) > w * 1.8) {
            return;
        }
        double gx = f.eyeSpacing;
        double dx = ax - gx;
        // signed distance to the lens outline, negative inside the lens
        double edge;
        double outerX;
        if (glasses == Glasses.RECTANGULAR) {
            double px = dx / (1.55 * w);
            double py = dy / (1.05 * w);
            double rho = Math.sqrt(Math.sqrt(px * px * px * px + py * py * py * py));
            edge = (rho - 1) * 1.2 * w;
            outerX = gx + 1.55 * w;
        } else {
            double rad = (glasses == Glasses.SUNGLASSES ? 1.6 : 1.45) * w;
            edge = Math.sqrt(dx * dx + dy * dy) - rad;
            outerX = gx + rad;
        }
        if (z > 0.2 && edge < 0) {
            if (glasses == Glasses.SUNGLASSES) {
                mix(out, SUN_LENS, 0.86 * cov(-edge));
            } else {
                mix(out, CLEAR_LENS, 0.1 * cov(-edge));
            }
        }
        double frame = FRAME_HALF - Math.abs(edge);
        // bridge over the nose
        double innerX = 2 * gx - outerX;
        double bridge = Math.min(FRAME_HALF - Math.abs(dy - 0.035), innerX - ax);
        // temples back towards the ears, on the side of the head
        double temple = Math.min(FRAME_HALF * 0.8 - Math.abs(dy - 0.03), ax - outerX + 0.01);
        if (z < -0.35) {
            temple = -1;
        }
        double d = Math.max(z > 0.2 ? Math.max(frame, bridge) : -1, temple);
        mix(out, glassesFrame, cov(d));
    }

    private static double[] toDouble(float[] f) {
        return new double[] {f[0], f[1], f[2]};
    }
}
