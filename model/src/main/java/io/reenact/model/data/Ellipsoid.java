package io.reenact.model.data;

/**
 * One ellipsoid (or, with {@code infiniteY}, an elliptic cylinder along y) of the head model, set up
 * for one frame's orthographic rays.
 *
 * <p>Rays are linear in the pixel coordinates, so the ray origin is transformed into the
 * ellipsoid's unit-sphere space once per frame ({@code n0 + x·nx + y·ny}); a hit then costs one
 * quadratic per pixel.
 */
final class Ellipsoid {

    final double cx, cy, cz;
    final double rx, ry, rz;
    /** Rotation local → parent (rows), or null for axis-aligned. */
    final double[] rot;
    final boolean infiniteY;

    // per-frame ray set-up, in unit-sphere space
    private double n0x, n0y, n0z, nxx, nxy, nxz, nyx, nyy, nyz, dx, dy, dz, a;
    // light in the scaled local frame
    private double lx, ly, lz;
    // x-interval of hits on the current row (pixels); empty when lo > hi
    double spanLo, spanHi;

    Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz) {
        this(cx, cy, cz, rx, ry, rz, null, false);
    }

    Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz, double[] rot, boolean infiniteY) {
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.rx = rx;
        this.ry = ry;
        this.rz = rz;
        this.rot = rot;
        this.infiniteY = infiniteY;
    }

    /** Rotation about the x axis by {@code angle} (positive moves +z points down), as rows. */
    static double[] rotationX(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
    }

    /** Point in the parent frame → point in unit-sphere space. */
    private void toUnit(double px, double py, double pz, boolean isPoint, double[] out) {
        double qx = px;
        double qy = py;
        double qz = pz;
        if (isPoint) {
            qx -= cx;
            qy -= cy;
            qz -= cz;
        }
        if (rot != null) {
            // inverse rotation = transpose
            double tx = rot[0] * qx + rot[3] * qy + rot[6] * qz;
            double ty = rot[1] * qx + rot[4] * qy + rot[7] * qz;
            double tz = rot[2] * qx + rot[5] * qy + rot[8] * qz;
            qx = tx;
            qy = ty;
            qz = tz;
        }
        out[0] = qx / rx;
        out[1] = infiniteY ? 0 : qy / ry;
        out[2] = qz / rz;
    }

    /**
     * Prepares for rays {@code origin = o0 + x·ox + y·oy}, direction {@code d}, all in the parent
     * frame, and a light direction {@code l} in the parent frame.
     */
    void prepare(double[] o0, double[] ox, double[] oy, double[] d, double[] l) {
        double[] t = new double[3];
        toUnit(o0[0], o0[1], o0[2], true, t);
        n0x = t[0];
        n0y = t[1];
        n0z = t[2];
        toUnit(ox[0], ox[1], ox[2], false, t);
        nxx = t[0];
        nxy = t[1];
        nxz = t[2];
        toUnit(oy[0], oy[1], oy[2], false, t);
        nyx = t[0];
        nyy = t[1];
        nyz = t[2];
        toUnit(d[0], d[1], d[2], false, t);
        dx = t[0];
        dy = t[1];
        dz = t[2];
        a = dx * dx + dy * dy + dz * dz;
        // the normal in scaled space is u / r, so fold 1 / r into the light once
        double qx = l[0];
        double qy = l[1];
        double qz = l[2];
        if (rot != null) {
            double tx = rot[0] * qx + rot[3] * qy + rot[6] * qz;
            double ty = rot[1] * qx + rot[4] * qy + rot[7] * qz;
            double tz = rot[2] * qx + rot[5] * qy + rot[8] * qz;
            qx = tx;
            qy = ty;
            qz = tz;
        }
        lx = qx / rx;
        ly = infiniteY ? 0 : qy / ry;
        lz = qz / rz;
    }

    /**
     * Restricts the following hit tests to the row at pixel height y: the discriminant is a
     * quadratic in x whose non-negative interval is where this ellipsoid can be hit.
     */
    void row(double y) {
        double ax = n0x + y * nyx;
        double ay = n0y + y * nyy;
        double az = n0z + y * nyz;
        double ad = ax * dx + ay * dy + az * dz;
        double bd = nxx * dx + nxy * dy + nxz * dz;
        double aa = ax * ax + ay * ay + az * az - 1;
        double ab = ax * nxx + ay * nxy + az * nxz;
        double bb = nxx * nxx + nxy * nxy + nxz * nxz;
        double q2 = bd * bd - a * bb;
        double q1 = ad * bd - a * ab;
        double q0 = ad * ad - a * aa;
        if (q2 > -1e-12) {
            // degenerate (ray family parallel to an infinite axis): no culling
            spanLo = Double.NEGATIVE_INFINITY;
            spanHi = Double.POSITIVE_INFINITY;
            return;
        }
        double disc = q1 * q1 - q2 * q0;
        if (disc < 0) {
            spanLo = Double.POSITIVE_INFINITY;
            spanHi = Double.NEGATIVE_INFINITY;
            return;
        }
        double sq = Math.sqrt(disc);
        double r1 = (-q1 + sq) / q2;
        double r2 = (-q1 - sq) / q2;
        spanLo = Math.min(r1, r2) - 1e-6;
        spanHi = Math.max(r1, r2) + 1e-6;
    }

    boolean inSpan(double x) {
        return x >= spanLo && x <= spanHi;
    }

    /** Ray parameter of the near hit at pixel (x, y), or +∞ on a miss. */
    double near(double x, double y) {
        double ux = n0x + x * nxx + y * nyx;
        double uy = n0y + x * nxy + y * nyy;
        double uz = n0z + x * nxz + y * nyz;
        double b = ux * dx + uy * dy + uz * dz;
        double c = ux * ux + uy * uy + uz * uz - 1;
        double disc = b * b - a * c;
        if (disc < 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (-b - Math.sqrt(disc)) / a;
    }

    /** Ray parameter of the far hit at pixel (x, y), or +∞ on a miss. */
    double far(double x, double y) {
        double ux = n0x + x * nxx + y * nyx;
        double uy = n0y + x * nxy + y * nyy;
        double uz = n0z + x * nxz + y * nyz;
        double b = ux * dx + uy * dy + uz * dz;
        double c = ux * ux + uy * uy + uz * uz - 1;
        double disc = b * b - a * c;
        if (disc < 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (-b + Math.sqrt(disc)) / a;
    }

    /** The hit point in unit-sphere space at ray parameter t (written to out). */
    void unitPoint(double x, double y, double t, double[] out) {
        out[0] = n0x + x * nxx + y * nyx + t * dx;
        out[1] = n0y + x * nxy + y * nyy + t * dy;
        out[2] = n0z + x * nxz + y * nyz + t * dz;
    }

    /** Lambert cosine at ray parameter t (may be negative: the caller clamps). */
    double lambert(double x, double y, double t) {
        double ux = n0x + x * nxx + y * nyx + t * dx;
        double uy = infiniteY ? 0 : n0y + x * nxy + y * nyy + t * dy;
        double uz = n0z + x * nxz + y * nyz + t * dz;
        double nx = ux / rx;
        double ny = infiniteY ? 0 : uy / ry;
        double nz = uz / rz;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        return (ux * lx + uy * ly + uz * lz) / len;
    }

    /**
     * Front z (largest z) where the ray through (x, y) parallel to −z of the parent frame meets this
     * ellipsoid, or NaN: used to place landmarks on the surface.
     */
    double frontZ(double x, double y) {
        double[] o = new double[3];
        double[] d = new double[3];
        toUnit(x, y, 100, true, o);
        toUnit(0, 0, -1, false, d);
        double aa = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        double b = o[0] * d[0] + o[1] * d[1] + o[2] * d[2];
        double c = o[0] * o[0] + o[1] * o[1] + o[2] * o[2] - 1;
        double disc = b * b - aa * c;
        if (disc < 0) {
            return Double.NaN;
        }
        double t = (-b - Math.sqrt(disc)) / aa;
        return 100 - t;
    }
}
