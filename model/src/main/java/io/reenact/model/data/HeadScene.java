package io.reenact.model.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One frame's 3D scene: the head (cranium, jaw, cheeks, nose, ears, hair) posed by a rigid rotation
 * about the neck, the neck and shoulders, an orthographic camera and a directional light.
 *
 * <p>Frames: <em>head-local</em> (origin at the cranium centre, x to the image's right, y up, z to
 * the camera) is rotated by {@code R = Rz(roll)·Ry(yaw)·Rx(pitch)} about a pivot at the top of the
 * neck into the <em>body</em> frame; the body frame maps to pixels by
 * {@code px = cx + k·x, py = cy − k·y}. Landmarks are head-local 3D points pushed through exactly
 * this map, so they agree with the pixels by construction.
 */
final class HeadScene {

    /**
     * Half the image side in body units at scale 1: the paper's crop, 1.8 × a face box reaching from
     * the forehead to the chin (about 1.65 units), leaves 3 units of image side.
     */
    static final double HALF_EXTENT = 1.5;
    /** Body-frame height that sits at the image centre. */
    private static final double CENTRE_Y = -0.2;
    private static final double FAR = 50;
    private static final double PIVOT_Y = -0.6;
    private static final double PIVOT_Z = -0.15;
    /** Depth over which the cranium–jaw crease is blended, head units. */
    private static final double CREASE = 0.25;
    private static final double AMBIENT = 0.38;
    private static final double DIFFUSE = 0.68;
    private static final double[] LIGHT = normalize(-0.35, 0.5, 0.8);

    // material ids; 0 = background
    static final int CRANIUM = 1;
    static final int JAW = 2;
    static final int NOSE_BRIDGE = 3;
    static final int NOSE_TIP = 4;
    static final int ALA_L = 5;
    static final int ALA_R = 6;
    static final int EAR_L = 7;
    static final int EAR_R = 8;
    static final int HAIR = 9;
    static final int HAIR_DRAPE = 10;
    static final int HAIR_BUN = 11;
    static final int NECK = 12;
    static final int TORSO = 13;
    private static final int MATERIALS = 14;

    private final HeadIdentity id;
    private final FaceLayout layout;
    private final FacePainter painter;
    private final int size;
    private final double k;
    private final double cx;
    private final double cy;
    private final double[] rot;

    private final Ellipsoid[] prims = new Ellipsoid[MATERIALS];
    /** Head-frame primitives tested against every ray, in material-id order. */
    private final int[] headIds;
    private final Ellipsoid[] faceSurface;
    private double headMinY = Double.POSITIVE_INFINITY;
    private double headMaxY = Double.NEGATIVE_INFINITY;

    // head-local rays: origin h0 + x·hx + y·hy, direction hd
    private final double[] h0 = new double[3];
    private final double[] hx = new double[3];
    private final double[] hy = new double[3];
    private final double[] hd = new double[3];

    private final double[] skin;
    private final double[] hairColor;
    private final double[] shirt;
    private final HairStyle hairStyle;
    private final double neckTop;
    // per-sample scratch (a scene is used by one thread)
    private final double[] unit = new double[3];
    private double rowY;
    private double rowLo;
    private double rowHi;
    private boolean headRow;
    private boolean neckRow;
    private final double[] albedo = new double[3];

    HeadScene(HeadIdentity id, HeadPose pose, int size) {
        this.id = id;
        this.size = size;
        this.layout = new FaceLayout(id, pose);
        this.k = pose.scale() * size / (2 * HALF_EXTENT);
        this.cx = size / 2.0 + pose.tx() * size;
        this.cy = size / 2.0 + pose.ty() * size + k * CENTRE_Y;
        this.rot = rotation(pose.yaw(), pose.pitch(), pose.roll());
        this.painter = new FacePainter(id, layout, 1 / k);
        this.skin = painter.skin();
        this.hairColor = toDouble(Colors.unpack(id.hairColor()));
        this.shirt = toDouble(Colors.unpack(id.shirtColor()));
        this.hairStyle = id.hairStyle();
        this.neckTop = -0.35;

        buildHead(pose);
        this.faceSurface = new Ellipsoid[] {prims[CRANIUM], prims[JAW],
                prims[NOSE_BRIDGE], prims[NOSE_TIP], prims[ALA_L], prims[ALA_R]};
        List<Integer> ids = new ArrayList<>();
        for (int m = CRANIUM; m <= HAIR_BUN; m++) {
            if (prims[m] != null) {
                ids.add(m);
            }
        }
        headIds = ids.stream().mapToInt(Integer::intValue).toArray();
        buildBody();
        prepareRays();
    }

    // ------------------------------------------------------------------ geometry

    private void buildHead(HeadPose pose) {
        double rw = id.headWidth();
        double rh = id.headHeight();
        double rd = id.headDepth();
        double ey = id.eyeLevel();
        prims[CRANIUM] = new Ellipsoid(0, 0.1, 0, rw, rh, rd);

        // the jaw swings about a hinge in front of the ears
        double hingeY = ey - 0.1;
        double hingeZ = -0.35;
        double alpha = 0.26 * FaceLayout.clamp01(pose.jawOpen());
        double[] jr = Ellipsoid.rotationX(alpha);
        double jy = -0.38 - hingeY;
        double jz = 0.12 - hingeZ;
        double jcy = hingeY + jr[4] * jy + jr[5] * jz;
        double jcz = hingeZ + jr[7] * jy + jr[8] * jz;
        // full cheeks widen and deepen the lower face (separate cheek bodies left visible creases)
        double full = id.cheekFullness();
        double jawDepth = (0.6 * rd + 0.08) * (0.93 + 0.12 * full);
        prims[JAW] = new Ellipsoid(0, jcy, jcz, id.jawWidth() * (0.94 + 0.12 * full), id.jawLength(), jawDepth, jr, false);


        // the nose: a tilted bridge, a tip and two alae, set on the face surface
        double nl = id.noseLength();
        double nw = id.noseWidth();
        double bottom = ey - nl;
        double protrude = 0.09 + 0.38 * nl;
        double tipY = bottom + 0.075;
        double faceAtTip = faceZ(0, tipY);
        double faceAtTop = faceZ(0, ey);
        double tipFront = faceAtTip + protrude;
        double tipR = 0.085 + 0.25 * (nw - 0.065);
        prims[NOSE_TIP] = new Ellipsoid(0, tipY, tipFront - tipR, nw * 0.85, 0.08, tipR);
        double bridgeLen = (ey - tipY) / 2 + 0.03;
        double bridgeMidY = (ey + tipY) / 2;
        double slope = Math.atan2(tipFront - 0.02 - (faceAtTop + 0.02), ey - tipY);
        double bridgeDepth = 0.08;
        double midFront = (tipFront - 0.02 + faceAtTop + 0.02) / 2;
        prims[NOSE_BRIDGE] = new Ellipsoid(0, bridgeMidY, midFront - bridgeDepth / Math.cos(slope),
                nw * 0.5, bridgeLen, bridgeDepth, Ellipsoid.rotationX(-slope), false);
        double alaR = nw * 0.45;
        prims[ALA_L] = new Ellipsoid(-nw * 0.72, bottom + 0.05, tipFront - tipR - 0.02, alaR, 0.055, 0.08);
        prims[ALA_R] = new Ellipsoid(nw * 0.72, bottom + 0.05, tipFront - tipR - 0.02, alaR, 0.055, 0.08);

        double es = id.earSize();
        prims[EAR_L] = new Ellipsoid(-rw * 0.97, ey - 0.13, -0.1, 0.075, 0.19 * es, 0.12 * es);
        prims[EAR_R] = new Ellipsoid(rw * 0.97, ey - 0.13, -0.1, 0.075, 0.19 * es, 0.12 * es);

        double vol = id.hairVolume();
        double th;
        switch (hairStyle) {
            case BALD:
                th = -1;
                break;
            case BUZZ:
                th = 0.014;
                break;
            case AFRO:
                th = 0.2 * vol + 0.06;
                break;
            default:
                th = 0.05 * vol + 0.015;
        }
        if (th > 0) {
            prims[HAIR] = new Ellipsoid(0, 0.1 + th * 0.4, -0.02, rw + th, rh + th * 1.2, rd + th);
        }
        if (hairStyle == HairStyle.LONG) {
            prims[HAIR_DRAPE] = new Ellipsoid(0, -0.35, -0.32, rw + 0.08 + 0.06 * vol, 1.0 + 0.12 * vol, 0.5);
        } else if (hairStyle == HairStyle.BUN) {
            prims[HAIR_BUN] = new Ellipsoid(0, 0.85, -0.62, 0.3 * vol + 0.05, 0.28 * vol + 0.05, 0.28 * vol + 0.05);
        }
    }

    /** Front surface depth of the cranium and jaw alone (used while placing the nose). */
    private double faceZ(double x, double y) {
        double z = prims[CRANIUM].frontZ(x, y);
        double j = prims[JAW].frontZ(x, y);
        if (Double.isNaN(z) || j > z) {
            z = j;
        }
        return z;
    }

    private void buildBody() {
        double nw = id.neckWidth();
        prims[NECK] = new Ellipsoid(0, 0, -0.12, nw, 1, nw * 0.95, null, true);
        double shoulders = 1.35 + 0.6 * (id.neckWidth() - 0.32);
        prims[TORSO] = new Ellipsoid(0, -2.0, -0.25, shoulders, 0.82, 0.6);
    }

    private void prepareRays() {
        // body rays: origin (x − cx)/k, (cy − y)/k, FAR; direction −z
        double[] b0 = {-cx / k, cy / k, FAR};
        double[] bx = {1 / k, 0, 0};
        double[] by = {0, -1 / k, 0};
        double[] bd = {0, 0, -1};
        prims[NECK].prepare(b0, bx, by, bd, LIGHT);
        prims[TORSO].prepare(b0, bx, by, bd, LIGHT);

        // head rays: h = P + Rᵀ(b − P)
        double[] pv = {0, PIVOT_Y, PIVOT_Z};
        double[] rel = {b0[0] - pv[0], b0[1] - pv[1], b0[2] - pv[2]};
        double[] t = transposeTimes(rot, rel);
        h0[0] = pv[0] + t[0];
        h0[1] = pv[1] + t[1];
        h0[2] = pv[2] + t[2];
        System.arraycopy(transposeTimes(rot, bx), 0, hx, 0, 3);
        System.arraycopy(transposeTimes(rot, by), 0, hy, 0, 3);
        System.arraycopy(transposeTimes(rot, bd), 0, hd, 0, 3);
        double[] light = transposeTimes(rot, LIGHT);
        for (int m : headIds) {
            Ellipsoid e = prims[m];
            e.prepare(h0, hx, hy, hd, light);
            double r = Math.max(e.rx, Math.max(e.ry, e.rz)) * k + 2;
            double[] p = project(e.cx, e.cy, e.cz);
            headMinY = Math.min(headMinY, p[1] - r);
            headMaxY = Math.max(headMaxY, p[1] + r);
        }
    }

    /** Head-local point → pixel coordinates (continuous; pixel (i, j) covers [i, i+1) × [j, j+1)). */
    double[] project(double x, double y, double z) {
        double[] rel = {x, y - PIVOT_Y, z - PIVOT_Z};
        double bxv = rot[0] * rel[0] + rot[1] * rel[1] + rot[2] * rel[2];
        double byv = rot[3] * rel[0] + rot[4] * rel[1] + rot[5] * rel[2] + PIVOT_Y;
        return new double[] {cx + k * bxv, cy - k * byv};
    }

    // ------------------------------------------------------------------ sampling

    /** 0 background, 1 skin, 2 hair, 3 shirt: the boundaries that anti-aliasing must resolve. */
    static byte surfaceClass(int material) {
        if (material == 0) {
            return 0;
        }
        if (material == HAIR || material == HAIR_DRAPE || material == HAIR_BUN) {
            return 2;
        }
        return (byte) (material == TORSO ? 3 : 1);
    }

    /** Sets the pixel row (continuous y) for the following {@link #sample} calls. */
    void row(double y) {
        rowY = y;
        rowLo = Double.POSITIVE_INFINITY;
        rowHi = Double.NEGATIVE_INFINITY;
        headRow = y >= headMinY && y <= headMaxY;
        if (headRow) {
            for (int m : headIds) {
                Ellipsoid e = prims[m];
                e.row(y);
                rowLo = Math.min(rowLo, e.spanLo);
                rowHi = Math.max(rowHi, e.spanHi);
            }
        }
        prims[NECK].row(y);
        prims[TORSO].row(y);
        neckRow = (cy - y) / k < neckTop;
    }

    /**
     * Shades the ray through continuous pixel position (x, rowY) of the row set by {@link #row}.
     *
     * @return the material id hit (0 = background, nothing written to rgb)
     */
    int sample(double x, double[] rgb) {
        double y = rowY;
        double best = Double.POSITIVE_INFINITY;
        int hit = 0;
        boolean hairInside = false;
        // the nearest and second-nearest of cranium and jaw, to soften the crease where they meet
        double skinT2 = Double.POSITIVE_INFINITY;
        if (headRow && x >= rowLo && x <= rowHi) {
            for (int m : headIds) {
                Ellipsoid e = prims[m];
                if (!e.inSpan(x)) {
                    continue;
                }
                if (m == HAIR) {
                    double t = e.near(x, y);
                    if (t < best) {
                        e.unitPoint(x, y, t, unit);
                        if (isHair(unit)) {
                            best = t;
                            hit = m;
                            hairInside = false;
                        } else {
                            double tf = e.far(x, y);
                            if (tf < best) {
                                e.unitPoint(x, y, tf, unit);
                                if (isHair(unit)) {
                                    best = tf;
                                    hit = m;
                                    hairInside = true;
                                }
                            }
                        }
                    }
                    continue;
                }
                double t = e.near(x, y);
                if (m == JAW) {
                    skinT2 = t;
                }
                if (t < best) {
                    best = t;
                    hit = m;
                }
            }
        }
        Ellipsoid neck = prims[NECK];
        if (neckRow && neck.inSpan(x)) {
            double t = neck.near(x, y);
            if (t < best) {
                best = t;
                hit = NECK;
            }
        }
        Ellipsoid torso = prims[TORSO];
        if (torso.inSpan(x)) {
            double t = torso.near(x, y);
            if (t < best) {
                best = t;
                hit = TORSO;
            }
        }
        return shade(x, hit, best, skinT2, hairInside, rgb);
    }

    /**
     * Finds the nearest hit of every pixel centre (x + 0.5) of the current row at once, primitive by
     * primitive over each one's span: the same answer as {@link #sample} per pixel, without testing
     * every primitive at every pixel.
     */
    void hitRow(int width, double[] tBest, byte[] idBest, double[] jawT, boolean[] inside) {
        java.util.Arrays.fill(tBest, 0, width, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(idBest, 0, width, (byte) 0);
        java.util.Arrays.fill(jawT, 0, width, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(inside, 0, width, false);
        double y = rowY;
        if (headRow) {
            for (int m : headIds) {
                Ellipsoid e = prims[m];
                int lo = Math.max(0, (int) Math.ceil(e.spanLo - 0.5));
                int hi = Math.min(width - 1, (int) Math.floor(e.spanHi - 0.5));
                for (int x = lo; x <= hi; x++) {
                    double px = x + 0.5;
                    double t = e.near(px, y);
                    if (m == HAIR) {
                        if (t < tBest[x]) {
                            e.unitPoint(px, y, t, unit);
                            if (isHair(unit)) {
                                tBest[x] = t;
                                idBest[x] = (byte) m;
                                inside[x] = false;
                            } else {
                                double tf = e.far(px, y);
                                if (tf < tBest[x]) {
                                    e.unitPoint(px, y, tf, unit);
                                    if (isHair(unit)) {
                                        tBest[x] = tf;
                                        idBest[x] = (byte) m;
                                        inside[x] = true;
                                    }
                                }
                            }
                        }
                        continue;
                    }
                    if (m == JAW) {
                        jawT[x] = t;
                    }
                    if (t < tBest[x]) {
                        tBest[x] = t;
                        idBest[x] = (byte) m;
                    }
                }
            }
        }
        if (neckRow) {
            bodyRow(prims[NECK], NECK, width, tBest, idBest);
        }
        bodyRow(prims[TORSO], TORSO, width, tBest, idBest);
    }

    private void bodyRow(Ellipsoid e, int id, int width, double[] tBest, byte[] idBest) {
        int lo = Math.max(0, (int) Math.ceil(e.spanLo - 0.5));
        int hi = Math.min(width - 1, (int) Math.floor(e.spanHi - 0.5));
        for (int x = lo; x <= hi; x++) {
            double t = e.near(x + 0.5, rowY);
            if (t < tBest[x]) {
                tBest[x] = t;
                idBest[x] = (byte) id;
            }
        }
    }

    /**
     * Colour of a hit found by {@link #sample} or {@link #hitRow}.
     *
     * @return {@code hit}
     */
    int shade(double x, int hit, double best, double skinT2, boolean hairInside, double[] rgb) {
        double y = rowY;
        if (hit == 0) {
            return 0;
        }
        Ellipsoid e = prims[hit];
        double light;
        double[] base;
        if (hit <= ALA_R || hit == EAR_L || hit == EAR_R) {
            double px = h0[0] + x * hx[0] + y * hy[0] + best * hd[0];
            double py = h0[1] + x * hx[1] + y * hy[1] + best * hd[1];
            double pz = h0[2] + x * hx[2] + y * hy[2] + best * hd[2];
            painter.albedo(px, py, pz, albedo);
            if (hit == EAR_L || hit == EAR_R) {
                albedo[0] *= 0.93;
                albedo[1] *= 0.88;
                albedo[2] *= 0.88;
            }
            base = albedo;
            light = e.lambert(x, y, best);
            if (hit == CRANIUM || hit == JAW) {
                light = softenCrease(x, y, hit, best, skinT2, light);
            }
        } else if (hit == HAIR || hit == HAIR_DRAPE || hit == HAIR_BUN) {
            e.unitPoint(x, y, best, unit);
            // strands: a fine ripple whose direction wanders, on a coarser light/dark variation
            double wander = Math.sin(unit[1] * 7 + unit[2] * 5);
            double strand = 0.9 + 0.06 * Math.sin(unit[0] * 55 + wander * 4 + unit[2] * 21) + 0.05 * wander;
            if (hairInside) {
                strand *= 0.55;
            }
            albedo[0] = hairColor[0] * strand;
            albedo[1] = hairColor[1] * strand;
            albedo[2] = hairColor[2] * strand;
            if (hairStyle == HairStyle.BUZZ) {
                // stubble lets the scalp show through
                for (int c = 0; c < 3; c++) {
                    albedo[c] = 0.55 * albedo[c] + 0.45 * skin[c];
                }
            }
            base = albedo;
            light = hairInside ? 0.3 : e.lambert(x, y, best);
        } else if (hit == NECK) {
            // the chin shades the top of the neck
            double by = (cy - y) / k;
            double shadow = 0.72 + 0.2 * Math.min(1, Math.max(0, (neckTop - 0.45 - by) / 0.5));
            albedo[0] = skin[0] * shadow;
            albedo[1] = skin[1] * shadow;
            albedo[2] = skin[2] * shadow;
            base = albedo;
            light = e.lambert(x, y, best);
        } else {
            base = shirt;
            light = e.lambert(x, y, best);
        }
        double shade = AMBIENT + DIFFUSE * Math.max(0, light);
        rgb[0] = base[0] * shade;
        rgb[1] = base[1] * shade;
        rgb[2] = base[2] * shade;
        return hit;
    }

    /**
     * Where cranium and jaw intersect, their normals jump; blending both shadings when the other
     * surface lies within a short distance behind the hit hides the crease.
     */
    private double softenCrease(double x, double y, int hit, double t, double jawT, double light) {
        double otherT;
        Ellipsoid other;
        if (hit == JAW) {
            other = prims[CRANIUM];
            otherT = other.inSpan(x) ? other.near(x, y) : Double.POSITIVE_INFINITY;
        } else {
            other = prims[JAW];
            otherT = jawT;
        }
        double gap = otherT - t;
        if (!(gap < CREASE)) {
            return light;
        }
        double w = 0.5 * (1 - gap / CREASE);
        return (1 - w) * light + w * other.lambert(x, y, otherT);
    }

    /** Which part of the hair shell carries hair, as a function of the unit-sphere point. */
    private boolean isHair(double[] u) {
        double front;
        double back = -0.32;
        switch (hairStyle) {
            case BUZZ:
                front = 0.5;
                break;
            case SIDE_PART:
                front = 0.36 + 0.14 * u[0];
                break;
            case BANGS:
                front = 0.13 + 0.025 * Math.sin(u[0] * 37);
                break;
            case LONG:
                front = 0.4;
                back = -0.7;
                break;
            case BUN:
                front = 0.46;
                back = -0.2;
                break;
            case AFRO:
                front = 0.38;
                back = -0.45;
                break;
            default:
                front = 0.42;
        }
        double fz = smoothstep(-0.55, 0.35, u[2]);
        return u[1] > back + (front - back) * fz;
    }

    // ------------------------------------------------------------------ correspondence

    /** Nearest hit of every pixel centre: material id (0 = background) and ray parameter. */
    void hitMap(byte[] ids, double[] ts) {
        double[] tBest = new double[size];
        byte[] idBest = new byte[size];
        double[] jawT = new double[size];
        boolean[] inside = new boolean[size];
        for (int y = 0; y < size; y++) {
            row(y + 0.5);
            hitRow(size, tBest, idBest, jawT, inside);
            System.arraycopy(idBest, 0, ids, y * size, size);
            System.arraycopy(tBest, 0, ts, y * size, size);
        }
    }

    /**
     * Where the surface point hit at pixel position (x, y) with ray parameter t lies in
     * {@code other}'s frame (same identity, another pose): {px, py, t} there, t being the ray
     * parameter at which {@code other}'s ray through (px, py) would meet the point. Head points move
     * rigidly with the head, body points stay in the body frame. Jaw points too move with the head
     * alone: the face is painted in head-local coordinates, so the jaw's swing changes its outline
     * and shading but carries no colour with it (a flow that swung them copied the closed lips a few
     * pixels lower, a second lip line under the open mouth).
     */
    double[] carry(double x, double y, double t, int material, HeadScene other) {
        if (material == NECK || material == TORSO) {
            double bx = (x - cx) / k;
            double by = (cy - y) / k;
            return new double[] {other.cx + other.k * bx, other.cy - other.k * by, t};
        }
        double[] p = localPoint(x, y, t);
        return other.toPixel(p[0], p[1], p[2]);
    }

    /**
     * Whether the face point hit at (x, y, t) shows the same expression-driven feature (lips, mouth
     * opening, eye opening, iris, brow, or none) in {@code other}'s frame as here. Depth alone cannot
     * tell, because those are painted on the surface.
     */
    boolean sameFeature(double x, double y, double t, int material, HeadScene other) {
        if (material > ALA_R) {
            return true;
        }
        double[] p = localPoint(x, y, t);
        return painter.feature(p[0], p[1], p[2]) == other.painter.feature(p[0], p[1], p[2]);
    }

    private double[] localPoint(double x, double y, double t) {
        return new double[] {h0[0] + x * hx[0] + y * hy[0] + t * hd[0], h0[1] + x * hx[1] + y * hy[1] + t * hd[1],
            h0[2] + x * hx[2] + y * hy[2] + t * hd[2]};
    }

    /** Head-local point → {px, py, t}: pixel position and the ray parameter that reaches it. */
    private double[] toPixel(double x, double y, double z) {
        double[] rel = {x, y - PIVOT_Y, z - PIVOT_Z};
        double bxv = rot[0] * rel[0] + rot[1] * rel[1] + rot[2] * rel[2];
        double byv = rot[3] * rel[0] + rot[4] * rel[1] + rot[5] * rel[2] + PIVOT_Y;
        double bzv = rot[6] * rel[0] + rot[7] * rel[1] + rot[8] * rel[2] + PIVOT_Z;
        return new double[] {cx + k * bxv, cy - k * byv, FAR - bzv};
    }

    // ------------------------------------------------------------------ landmarks

    /** Front-most z of the face surface at head-local (x, y), NaN off the face. */
    double surfaceZ(double x, double y) {
        double best = Double.NaN;
        for (Ellipsoid e : faceSurface) {
            double z = e.frontZ(x, y);
            if (!Double.isNaN(z) && (Double.isNaN(best) || z > best)) {
                best = z;
            }
        }
        return best;
    }

    private boolean insideFaceOutline(double x, double y) {
        for (int m = CRANIUM; m <= JAW; m++) {
            if (prims[m] != null && !Double.isNaN(prims[m].frontZ(x, y))) {
                return true;
            }
        }
        return false;
    }

    /** The 68 landmarks, head-local 3D, as {x0, y0, z0, x1, ...}. */
    double[] landmarks3d() {
        double[] p = new double[Landmarks68.COUNT * 3];
        FaceLayout f = layout;
        // jaw outline 0..16: the frontal silhouette of the lower face, traced from a centre below the eyes
        double oy = f.eyeY - 0.12;
        for (int i = 0; i <= 16; i++) {
            double theta = Math.PI * i / 16;
            double dx = -Math.cos(theta);
            double dy = -Math.sin(theta);
            double lo = 0;
            double hi = 2.5;
            for (int it = 0; it < 22; it++) {
                double mid = (lo + hi) / 2;
                if (insideFaceOutline(dx * mid, oy + dy * mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double r = lo * 0.96;
            put(p, i, dx * r, oy + dy * r);
        }
        // brows 17..26, image-left to image-right
        double[] browV = {1, 0.5, 0, -0.5, -1};
        for (int j = 0; j < 5; j++) {
            double v = browV[j];
            put(p, 17 + j, f.browX(-1, v), f.browY(v) + 0.3 * f.browHalfThickness(v));
            double v2 = browV[4 - j];
            put(p, 22 + j, f.browX(1, v2), f.browY(v2) + 0.3 * f.browHalfThickness(v2));
        }
        // nose bridge 27..30 (30 = tip) and base 31..35
        double tipY = f.noseBottomY + 0.075;
        for (int j = 0; j < 4; j++) {
            put(p, 27 + j, 0, f.noseTopY + (tipY - f.noseTopY) * j / 3.0);
        }
        double[] baseX = {-1, -0.5, 0, 0.5, 1};
        for (int j = 0; j < 5; j++) {
            double bx = baseX[j] * f.noseHalfWidth;
            put(p, 31 + j, bx, f.noseBottomY + 0.03 * Math.abs(baseX[j]) + 0.012);
        }
        // eyes 36..41 (image-left eye) and 42..47 (image-right eye)
        eye(p, 36, -1);
        eye(p, 42, 1);
        // mouth: outer 48..59, inner 60..67
        double[] outerTop = {-1, -0.6, -0.25, 0, 0.25, 0.6, 1};
        for (int j = 0; j < 7; j++) {
            double u = outerTop[j];
            double y = (j == 0 || j == 6) ? f.lipLine(u) : f.upperOuter(u);
            put(p, 48 + j, f.mouthX(u), y);
        }
        double[] outerBottom = {0.6, 0.25, 0, -0.25, -0.6};
        for (int j = 0; j < 5; j++) {
            double u = outerBottom[j];
            put(p, 55 + j, f.mouthX(u), f.lowerOuter(u));
        }
        put(p, 60, f.mouthX(-1) * 0.97, f.lipLine(-1));
        double[] innerU = {-0.5, 0, 0.5};
        for (int j = 0; j < 3; j++) {
            put(p, 61 + j, f.mouthX(innerU[j]), f.upperInner(innerU[j]));
            put(p, 65 + j, f.mouthX(innerU[2 - j]), f.lowerInner(innerU[2 - j]));
        }
        put(p, 64, f.mouthX(1) * 0.97, f.lipLine(1));
        return p;
    }

    private void eye(double[] p, int first, int side) {
        FaceLayout f = layout;
        double ex = f.eyeCentreX(side);
        double w = f.eyeHalfWidth;
        // iBUG order: corner at the image-left end, two upper-lid points, the other corner, two lower
        double[] us = {-1, -1 / 3.0, 1 / 3.0, 1};
        put(p, first, ex + us[0] * w, f.upperLid(side, -1));
        put(p, first + 1, ex + us[1] * w, f.upperLid(side, us[1]));
        put(p, first + 2, ex + us[2] * w, f.upperLid(side, us[2]));
        put(p, first + 3, ex + us[3] * w, f.upperLid(side, 1));
        put(p, first + 4, ex + us[2] * w, f.lowerLid(side, us[2]));
        put(p, first + 5, ex + us[1] * w, f.lowerLid(side, us[1]));
    }

    private void put(double[] p, int i, double x, double y) {
        double z = surfaceZ(x, y);
        if (Double.isNaN(z)) {
            z = 0;
        }
        p[i * 3] = x;
        p[i * 3 + 1] = y;
        p[i * 3 + 2] = z;
    }

    /** The 68 landmarks in pixels, {x0, y0, x1, y1, ...}. */
    float[] landmarks() {
        double[] p3 = landmarks3d();
        float[] out = new float[Landmarks68.COUNT * 2];
        for (int i = 0; i < Landmarks68.COUNT; i++) {
            double[] q = project(p3[i * 3], p3[i * 3 + 1], p3[i * 3 + 2]);
            out[i * 2] = (float) q[0];
            out[i * 2 + 1] = (float) q[1];
        }
        return out;
    }

    // ------------------------------------------------------------------ maths

    /** R = Rz(roll)·Ry(yaw)·Rx(pitch), row-major. */
    static double[] rotation(double yaw, double pitch, double roll) {
        double cp = Math.cos(pitch);
        double sp = Math.sin(pitch);
        double cyw = Math.cos(yaw);
        double syw = Math.sin(yaw);
        double cr = Math.cos(roll);
        double sr = Math.sin(roll);
        double[] rx = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
        double[] ry = {cyw, 0, syw, 0, 1, 0, -syw, 0, cyw};
        double[] rz = {cr, -sr, 0, sr, cr, 0, 0, 0, 1};
        return times(rz, times(ry, rx));
    }

    private static double[] times(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return c;
    }

    private static double[] transposeTimes(double[] m, double[] v) {
        return new double[] {
            m[0] * v[0] + m[3] * v[1] + m[6] * v[2],
            m[1] * v[0] + m[4] * v[1] + m[7] * v[2],
            m[2] * v[0] + m[5] * v[1] + m[8] * v[2]};
    }

    private static double[] normalize(double x, double y, double z) {
        double l = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / l, y / l, z / l};
    }

    private static double smoothstep(double a, double b, double v) {
        double t = (v - a) / (b - a);
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        return t * t * (3 - 2 * t);
    }

    private static double[] toDouble(float[] f) {
        return new double[] {f[0], f[1], f[2]};
    }
}
