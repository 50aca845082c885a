package io.reenact.vision.landmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delaunay triangulation of a few hundred points by Bowyer–Watson insertion (quadratic, which is
 * nothing for 72 points). A point that coincides with an earlier one is left out of every triangle.
 */
final class Delaunay {

    private Delaunay() {
    }

    /** Triangles as index triples into {@code xy} ({x0, y0, x1, y1, ...}), counter-clockwise in image axes. */
    static List<int[]> triangulate(double[] xy) {
        int n = xy.length / 2;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xy[2 * i]);
            maxX = Math.max(maxX, xy[2 * i]);
            minY = Math.min(minY, xy[2 * i + 1]);
            maxY = Math.max(maxY, xy[2 * i + 1]);
        }
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1);
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        // the enclosing triangle's corners get indices n, n+1, n+2; far enough that no circumcircle
        // through them bends into the points' hull in a way that matters at this scale
        double[] p = new double[2 * (n + 3)];
        System.arraycopy(xy, 0, p, 0, 2 * n);
        p[2 * n] = cx - 1000 * span;
        p[2 * n + 1] = cy - 1000 * span;
        p[2 * n + 2] = cx + 1000 * span;
        p[2 * n + 3] = cy - 1000 * span;
        p[2 * n + 4] = cx;
        p[2 * n + 5] = cy + 1000 * span;

        List<Triangle> triangles = new ArrayList<>();
        triangles.add(new Triangle(p, n, n + 1, n + 2));
        for (int i = 0; i < n; i++) {
            double x = p[2 * i], y = p[2 * i + 1];
            List<Triangle> bad = new ArrayList<>();
            for (Triangle t : triangles) {
                if (t.circumcircleContains(x, y)) {
                    bad.add(t);
                }
            }
            // the hole's boundary: edges of exactly one bad triangle
            Map<Long, int[]> edges = new HashMap<>();
            for (Triangle t : bad) {
                for (int[] e : new int[][] {{t.a, t.b}, {t.b, t.c}, {t.c, t.a}}) {
                    long key = (long) Math.min(e[0], e[1]) << 32 | Math.max(e[0], e[1]);
                    if (edges.remove(key) == null) {
                        edges.put(key, e);
                    }
                }
            }
            triangles.removeAll(bad);
            for (int[] e : edges.values()) {
                triangles.add(new Triangle(p, e[0], e[1], i));
            }
        }
        List<int[]> out = new ArrayList<>();
        for (Triangle t : triangles) {
            if (t.a < n && t.b < n && t.c < n) {
                out.add(new int[] {t.a, t.b, t.c});
            }
        }
        return out;
    }

    private static final class Triangle {
        final int a, b, c;
        final double ccx, ccy, r2;

        Triangle(double[] p, int a, int b, int c) {
            double ax = p[2 * a], ay = p[2 * a + 1], bx = p[2 * b], by = p[2 * b + 1], qx = p[2 * c], qy = p[2 * c + 1];
            double orient = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
            // keep one winding so that every triangle has a positive signed area
            if (orient < 0) {
                int t = b;
                b = c;
                c = t;
                double tx = bx, ty = by;
                bx = qx;
                by = qy;
                qx = tx;
                qy = ty;
            }
            this.a = a;
            this.b = b;
            this.c = c;
            double d = 2 * (ax * (by - qy) + bx * (qy - ay) + qx * (ay - by));
            double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = qx * qx + qy * qy;
            if (d == 0) {
                // collinear: a circle of infinite radius contains everything on one side; treat as containing all
                ccx = 0;
                ccy = 0;
                r2 = Double.POSITIVE_INFINITY;
            } else {
                ccx = (a2 * (by - qy) + b2 * (qy - ay) + c2 * (ay - by)) / d;
                ccy = (a2 * (qx - bx) + b2 * (ax - qx) + c2 * (bx - ax)) / d;
                r2 = (ax - ccx) * (ax - ccx) + (ay - ccy) * (ay - ccy);
            }
        }

        boolean circumcircleContains(double x, double y) {
            double dx = x - ccx, dy = y - ccy;
            return dx * dx + dy * dy < r2 * (1 - 1e-12);
        }
    }
}
