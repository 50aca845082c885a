package io.reenact.vision.landmarks;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;

import java.util.List;
import java.util.Objects;

/**
 * The keypoint-driven baseline the paper compares against, as plain as it can honestly be: warp the
 * avatar's image so that its 68 landmarks move onto the driver's.
 *
 * <p>The warp is piecewise affine over a Delaunay triangulation of the avatar's landmarks plus the
 * four frame corners (which stay put, so the background bends smoothly towards the face). The
 * driver's landmarks are first moved onto the avatar's face by a similarity (position, size and
 * in-plane rotation) but keep the driver's <em>shape</em>: a wider jaw, a longer nose or closer eyes
 * in the driver become the avatar's. That identity leakage is what latent pose descriptors avoid
 * and what {@link PoseError} and identity metrics measure.
 */
public final class KeypointBaseline {

    /** Nose (27–35) and eyes (36–47): the alignment's points. */
    private static final int STABLE_FIRST = Landmarks68.NOSE_BRIDGE_TOP;
    private static final int STABLE_LAST = 47;

    private KeypointBaseline() {
    }

    /** The avatar, reenacted by the driver's landmarks: {@link #warp} to {@link #alignTo}. */
    public static RgbImage reenact(RgbImage avatar, float[] avatarLandmarks, float[] driverLandmarks) {
        return warp(avatar, avatarLandmarks, alignTo(driverLandmarks, avatarLandmarks));
    }

    /**
     * {@code points} moved by the least-squares similarity (rotation, uniform scale, shift) that
     * best lays their eyes and nose (27–47, the points an expression barely moves) on those of
     * {@code onto}; their shape is kept. Fitting all 68 would let an open mouth shrink the face.
     */
    public static float[] alignTo(float[] points, float[] onto) {
        check(points, "points");
        check(onto, "onto");
        double px = 0, py = 0, ox = 0, oy = 0;
        for (int i = STABLE_FIRST; i <= STABLE_LAST; i++) {
            px += points[2 * i];
            py += points[2 * i + 1];
            ox += onto[2 * i];
            oy += onto[2 * i + 1];
        }
        int stable = STABLE_LAST - STABLE_FIRST + 1;
        px /= stable;
        py /= stable;
        ox /= stable;
        oy /= stable;
        double dot = 0, cross = 0, spread = 0;
        for (int i = STABLE_FIRST; i <= STABLE_LAST; i++) {
            double fx = points[2 * i] - px, fy = points[2 * i + 1] - py;
            double tx = onto[2 * i] - ox, ty = onto[2 * i + 1] - oy;
            dot += tx * fx + ty * fy;
            cross += ty * fx - tx * fy;
            spread += fx * fx + fy * fy;
        }
        if (spread == 0) {
            throw new IllegalArgumentException("all points coincide; they cannot be aligned");
        }
        double a = dot / spread, b = cross / spread;
        float[] out = new float[points.length];
        for (int i = 0; i < points.length / 2; i++) {
            double fx = points[2 * i] - px, fy = points[2 * i + 1] - py;
            out[2 * i] = (float) (ox + a * fx - b * fy);
            out[2 * i + 1] = (float) (oy + b * fx + a * fy);
        }
        return out;
    }

    /**
     * {@code image} warped so that what lies at {@code from} appears at {@code to} (landmark sets in
     * continuous pixel coordinates, {@link Landmarks68} layout). Landmarks outside the frame are
     * pulled to its edge; pixels no triangle covers (where the target landmarks fold over) keep
     * the source pixel.
     */
    public static RgbImage warp(RgbImage image, float[] from, float[] to) {
        Objects.requireNonNull(image, "image");
        check(from, "from");
        check(to, "to");
        int w = image.width(), h = image.height();
        double[] src = withCorners(from, w, h);
        double[] dst = withCorners(to, w, h);
        List<int[]> triangles = Delaunay.triangulate(src);

        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        boolean[] done = new boolean[w * h];
        for (int[] t : triangles) {
            double x0 = dst[2 * t[0]], y0 = dst[2 * t[0] + 1];
            double x1 = dst[2 * t[1]], y1 = dst[2 * t[1] + 1];
            double x2 = dst[2 * t[2]], y2 = dst[2 * t[2] + 1];
            double det = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2);
            if (Math.abs(det) < 1e-9) {
                continue;
            }
            int xMin = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2)) - 0.5));
            int xMax = Math.min(w - 1, (int) Math.ceil(Math.max(x0, Math.max(x1, x2))));
            int yMin = Math.max(0, (int) Math.floor(Math.min(y0, Math.min(y1, y2)) - 0.5));
            int yMax = Math.min(h - 1, (int) Math.ceil(Math.max(y0, Math.max(y1, y2))));
            for (int y = yMin; y <= yMax; y++) {
                double qy = y + 0.5;
                for (int x = xMin; x <= xMax; x++) {
                    if (done[y * w + x]) {
                        continue;
                    }
                    double qx = x + 0.5;
                    double l0 = ((y1 - y2) * (qx - x2) + (x2 - x1) * (qy - y2)) / det;
                    double l1 = ((y2 - y0) * (qx - x2) + (x0 - x2) * (qy - y2)) / det;
                    double l2 = 1 - l0 - l1;
                    if (l0 < -1e-9 || l1 < -1e-9 || l2 < -1e-9) {
                        continue;
                    }
                    double sx = l0 * src[2 * t[0]] + l1 * src[2 * t[1]] + l2 * src[2 * t[2]];
                    double sy = l0 * src[2 * t[0] + 1] + l1 * src[2 * t[1] + 1] + l2 * src[2 * t[2] + 1];
                    sample(in, w, h, sx, sy, out, (y * w + x) * 3);
                    done[y * w + x] = true;
                }
            }
        }
        for (int i = 0; i < done.length; i++) {
            if (!done[i]) {
                System.arraycopy(in, i * 3, out, i * 3, 3);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static double[] withCorners(float[] landmarks, int w, int h) {
        int n = landmarks.length / 2;
        double[] p = new double[2 * n + 8];
        for (int i = 0; i < n; i++) {
            // strictly inside the frame, so that no landmark is collinear with two corners
            p[2 * i] = Math.min(Math.max(landmarks[2 * i], 0.5), w - 0.5);
            p[2 * i + 1] = Math.min(Math.max(landmarks[2 * i + 1], 0.5), h - 0.5);
        }
        double[] corners = {0, 0, w, 0, w, h, 0, h};
        System.arraycopy(corners, 0, p, 2 * n, 8);
        return p;
    }

    /** Bilinear sample at continuous (sx, sy), edges clamped. */
    private static void sample(byte[] in, int w, int h, double sx, double sy, byte[] out, int at) {
        double fx = sx - 0.5, fy = sy - 0.5;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        double ax = fx - x0, ay = fy - y0;
        int xa = Math.min(Math.max(x0, 0), w - 1), xb = Math.min(Math.max(x0 + 1, 0), w - 1);
        int ya = Math.min(Math.max(y0, 0), h - 1), yb = Math.min(Math.max(y0 + 1, 0), h - 1);
        for (int c = 0; c < 3; c++) {
            double top = (in[(ya * w + xa) * 3 + c] & 0xff) * (1 - ax) + (in[(ya * w + xb) * 3 + c] & 0xff) * ax;
            double bottom = (in[(yb * w + xa) * 3 + c] & 0xff) * (1 - ax) + (in[(yb * w + xb) * 3 + c] & 0xff) * ax;
            out[at + c] = (byte) (int) Math.round(top * (1 - ay) + bottom * ay);
        }
    }

    private static void check(float[] landmarks, String name) {
        Objects.requireNonNull(landmarks, name);
        if (landmarks.length != Landmarks68.COUNT * 2) {
            throw new IllegalArgumentException(name + ": expected " + Landmarks68.COUNT * 2
                    + " coordinates, got " + landmarks.length);
        }
        for (float v : landmarks) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + ": landmark coordinates must be finite");
            }
        }
    }
}
