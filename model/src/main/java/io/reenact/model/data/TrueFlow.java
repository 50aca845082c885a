package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.layers.CubicUpsample;

/**
 * Exact backward flow between two frames of one synthetic person: for every pixel of the target
 * frame, where the same surface point lies in the source frame, and whether the source shows it.
 * Coordinates are normalised: u = 2·x / size − 1 for a continuous pixel position x (pixel i spans
 * [i, i + 1)), so −1 and 1 are the image's outer edges, as the warping renderer samples.
 *
 * @param size    side of both frames
 * @param u       source x of each target pixel, normalised, row-major
 * @param v       source y of each target pixel, normalised
 * @param visible 1 where the target pixel shows the person and the source shows the same point
 *                unoccluded, showing the same expression-driven feature (an open mouth's inside
 *                is not visible in a closed mouth's lips, an open eye not under a closed lid, a
 *                raised brow not in skin), else 0
 * @param unlike  1 where the source does not show the point only because its expression differs
 *                (it would, given the target's expression in its own head pose): an opening mouth's
 *                inside, an open eye under a closed lid. No warp of this source can show these and a
 *                renderer must draw them; the other hidden pixels a turn hides, and a nearby warped
 *                pixel stands in for them
 */
public record TrueFlow(int size, float[] u, float[] v, float[] visible, float[] unlike) {

    /** How far (head units) a source hit may lie from the carried point and still be the same point. */
    private static final double DEPTH_TOLERANCE = 0.08;

    /** The flow from {@code target} back to {@code source}, both of {@code identity}. */
    public static TrueFlow between(HeadIdentity identity, HeadPose target, HeadPose source, int size) {
        Hits t = Hits.of(identity, target, size);
        int n = size * size;
        float[] u = new float[n];
        float[] v = new float[n];
        float[] vis = visibility(t, Hits.of(identity, source, size), u, v);
        // what the source would show with the target's expression: hidden there only by the head's motion
        float[] motionVis = visibility(t, Hits.of(identity, withExpression(source, target), size), new float[n], new float[n]);
        float[] unlike = new float[n];
        for (int i = 0; i < n; i++) {
            unlike[i] = motionVis[i] > 0 && vis[i] == 0 ? 1 : 0;
        }
        return new TrueFlow(size, u, v, vis, unlike);
    }

    private static HeadPose withExpression(HeadPose rigid, HeadPose expression) {
        return new HeadPose(rigid.yaw(), rigid.pitch(), rigid.roll(), rigid.tx(), rigid.ty(), rigid.scale(),
                expression.jawOpen(), expression.smile(), expression.blink(), expression.browRaise(), expression.gazeX(),
                expression.gazeY());
    }

    /** A frame's scene with its per-pixel material and depth. */
    private record Hits(HeadScene scene, byte[] ids, double[] depth) {
        static Hits of(HeadIdentity identity, HeadPose pose, int size) {
            HeadScene scene = new HeadScene(identity, pose, size);
            byte[] ids = new byte[size * size];
            double[] depth = new double[size * size];
            scene.hitMap(ids, depth);
            return new Hits(scene, ids, depth);
        }
    }

    /** Fills the backward flow (u, v) from target to source and returns where the source shows the point. */
    private static float[] visibility(Hits t, Hits s, float[] u, float[] v) {
        int n = u.length;
        int size = (int) Math.round(Math.sqrt(n));
        float[] vis = new float[n];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int m = t.ids()[i];
                if (m == 0) {
                    // background: the identity, so a warp leaves it in place
                    u[i] = 2f * (x + 0.5f) / size - 1;
                    v[i] = 2f * (y + 0.5f) / size - 1;
                    continue;
                }
                double[] p = t.scene().carry(x + 0.5, y + 0.5, t.depth()[i], m, s.scene());
                u[i] = (float) (2 * p[0] / size - 1);
                v[i] = (float) (2 * p[1] / size - 1);
                int sx = (int) Math.floor(p[0]);
                int sy = (int) Math.floor(p[1]);
                if (sx < 0 || sy < 0 || sx >= size || sy >= size) {
                    continue;
                }
                int j = sy * size + sx;
                if (HeadScene.surfaceClass(s.ids()[j]) == HeadScene.surfaceClass(m)
                        && Math.abs(s.depth()[j] - p[2]) < DEPTH_TOLERANCE
                        && t.scene().sameFeature(x + 0.5, y + 0.5, t.depth()[i], m, s.scene())) {
                    vis[i] = 1;
                }
            }
        }
        return vis;
    }

    /**
     * This flow for a target zoomed about its centre and then shifted by (dx, dy) pixels, as the
     * pose augmentation moves it: pixel p takes the flow at (p − shift − c) / zoom + c (bilinear; a
     * pixel is visible only where all four neighbours it reads are); pixels brought in from outside
     * are not visible.
     */
    public TrueFlow transformed(double zoom, int dx, int dy) {
        if (zoom == 1 && dx == 0 && dy == 0) {
            return this;
        }
        int n = size * size;
        float[] su = new float[n];
        float[] sv = new float[n];
        float[] vis = new float[n];
        float[] unl = new float[n];
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            double fy = (y - dy - c) / zoom + c;
            int y0 = (int) Math.floor(fy);
            float wy = (float) (fy - y0);
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                double fx = (x - dx - c) / zoom + c;
                int x0 = (int) Math.floor(fx);
                float wx = (float) (fx - x0);
                int x1 = wx == 0 ? x0 : x0 + 1;
                int y1 = wy == 0 ? y0 : y0 + 1;
                if (x0 < 0 || y0 < 0 || x1 >= size || y1 >= size) {
                    su[i] = 2f * (x + 0.5f) / size - 1;
                    sv[i] = 2f * (y + 0.5f) / size - 1;
                    continue;
                }
                int a = y0 * size + x0;
                int b = y0 * size + x1;
                int d = y1 * size + x0;
                int e = y1 * size + x1;
                su[i] = lerp(u, a, b, d, e, wx, wy);
                sv[i] = lerp(v, a, b, d, e, wx, wy);
                vis[i] = Math.min(Math.min(visible[a], visible[b]), Math.min(visible[d], visible[e]));
                unl[i] = Math.max(Math.max(unlike[a], unlike[b]), Math.max(unlike[d], unlike[e]));
            }
        }
        return new TrueFlow(size, su, sv, vis, unl);
    }

    private static float lerp(float[] f, int a, int b, int d, int e, float wx, float wy) {
        float top = f[a] + (f[b] - f[a]) * wx;
        float bottom = f[d] + (f[e] - f[d]) * wx;
        return top + (bottom - top) * wy;
    }

    /** Share of target pixels marked visible. */
    public double visibleFraction() {
        double sum = 0;
        for (float f : visible) {
            sum += f;
        }
        return sum / visible.length;
    }

    /** The source image sampled at this flow with the cubic kernel (black outside the source). */
    public RgbImage warp(RgbImage source) {
        byte[] src = source.pixels();
        byte[] out = new byte[size * size * 3];
        float[] rgb = new float[3];
        for (int i = 0; i < size * size; i++) {
            sample(src, 3, u[i], v[i], rgb, true);
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(rgb[c])));
            }
        }
        return new RgbImage(size, size, out);
    }

    /** The source mask sampled at this flow. */
    public Mask warp(Mask source) {
        byte[] out = new byte[size * size];
        float[] a = new float[1];
        for (int i = 0; i < size * size; i++) {
            sample(source.alpha(), 1, u[i], v[i], a, false);
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(a[0])));
        }
        return new Mask(size, size, out);
    }

    /**
     * Reads the source at a normalised position: cubic (Keys, as {@code BicubicWarp}, which the
     * shipped warping renderer uses) for images, so the oracle is the ceiling of the best sampler;
     * bilinear for masks, where the cubic kernel's overshoot would only add a halo.
     */
    private void sample(byte[] src, int channels, float nu, float nv, float[] out, boolean cubic) {
        float x = (nu + 1) * size / 2 - 0.5f;
        float y = (nv + 1) * size / 2 - 0.5f;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float[] wx = cubic ? CubicUpsample.weights(x - x0) : new float[] {0, 1 - (x - x0), x - x0, 0};
        float[] wy = cubic ? CubicUpsample.weights(y - y0) : new float[] {0, 1 - (y - y0), y - y0, 0};
        java.util.Arrays.fill(out, 0f);
        for (int dy = -1; dy <= 2; dy++) {
            for (int dx = -1; dx <= 2; dx++) {
                int xx = x0 + dx;
                int yy = y0 + dy;
                float w = wx[dx + 1] * wy[dy + 1];
                if (w == 0 || xx < 0 || yy < 0 || xx >= size || yy >= size) {
                    continue;
                }
                int o = (yy * size + xx) * channels;
                for (int c = 0; c < channels; c++) {
                    out[c] += w * (src[o + c] & 0xff);
                }
            }
        }
    }
}
