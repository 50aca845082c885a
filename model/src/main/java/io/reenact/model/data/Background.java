package io.reenact.model.data;

import io.reenact.model.RgbImage;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A procedural backdrop, fully determined by its seed. Defined in normalised image coordinates, so
 * the same background rendered at 128 and 256 pixels shows the same picture.
 *
 * <p>Rasters are cached per size: a video renders hundreds of frames over one static backdrop.
 */
public final class Background {

    /** The kinds of backdrop; they differ in spatial frequency so the segmentation must really be learnt. */
    public enum Kind { FLAT, LINEAR_GRADIENT, RADIAL_GRADIENT, STRIPES, BLOBS, NOISE }

    private static final int BLOBS = 7;
    /** Covers the highest noise octave: frequency ≤ 12 · 0.6 · 2.03³ ≈ 61 cells per image side. */
    private static final int LATTICE = 64;

    private final long seed;
    private final Kind kind;
    private final float[] colorA;
    private final float[] colorB;
    private final float angle;
    private final float frequency;
    private final float[] blobs;
    private final ConcurrentHashMap<Integer, byte[]> rasters = new ConcurrentHashMap<>();
    private float[][] lattice;

    private Background(long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        this.kind = Kind.values()[r.nextInt(Kind.values().length)];
        this.colorA = randomColor(r);
        float[] b = randomColor(r);
        if (r.nextDouble() < 0.5) {
            // a related second colour keeps some backdrops calm, like a real room
            for (int c = 0; c < 3; c++) {
                b[c] = clamp01(colorA[c] * (float) (0.6 + 0.5 * r.nextDouble()));
            }
        }
        this.colorB = b;
        this.angle = (float) (r.nextDouble() * Math.PI * 2);
        this.frequency = (float) (3 + r.nextDouble() * 9);
        this.blobs = new float[BLOBS * 3];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = (float) r.nextDouble();
        }
    }

    /** The backdrop for a seed; equal seeds give equal pictures. */
    public static Background of(long seed) {
        return new Background(seed);
    }

    /** A flat backdrop of one colour (packed 0xRRGGBB), e.g. for evaluation grids. */
    public static Background flat(int rgb) {
        return new Background(rgb & 0xffffff, Colors.unpack(rgb));
    }

    private Background(long seed, float[] color) {
        this.seed = seed;
        this.kind = Kind.FLAT;
        this.colorA = color;
        this.colorB = color;
        this.angle = 0;
        this.frequency = 1;
        this.blobs = new float[BLOBS * 3];
    }

    public long seed() {
        return seed;
    }

    public Kind kind() {
        return kind;
    }

    /** The backdrop as an image of {@code size}×{@code size} (e.g. for compositing a generated foreground). */
    public RgbImage image(int size) {
        return new RgbImage(size, size, raster(size).clone());
    }

    /** The backdrop at {@code size}×{@code size}, RGB interleaved; the returned array is shared: do not modify. */
    byte[] raster(int size) {
        return rasters.computeIfAbsent(size, this::paint);
    }

    private byte[] paint(int size) {
        if (kind == Kind.NOISE) {
            synchronized (this) {
                if (lattice == null) {
                    lattice = buildLattice();
                }
            }
        }
        byte[] out = new byte[size * size * 3];
        float ca = (float) Math.cos(angle);
        float sa = (float) Math.sin(angle);
        float[] rgb = new float[3];
        for (int y = 0; y < size; y++) {
            float v = (y + 0.5f) / size;
            for (int x = 0; x < size; x++) {
                float u = (x + 0.5f) / size;
                float w = weight(u, v, ca, sa);
                for (int c = 0; c < 3; c++) {
                    rgb[c] = colorA[c] + (colorB[c] - colorA[c]) * w;
                }
                int o = (y * size + x) * 3;
                out[o] = (byte) Math.round(clamp01(rgb[0]) * 255);
                out[o + 1] = (byte) Math.round(clamp01(rgb[1]) * 255);
                out[o + 2] = (byte) Math.round(clamp01(rgb[2]) * 255);
            }
        }
        return out;
    }

    /** Blend weight between the two colours at normalised position (u, v). */
    private float weight(float u, float v, float ca, float sa) {
        float du = u - 0.5f;
        float dv = v - 0.5f;
        switch (kind) {
            case FLAT:
                return 0;
            case LINEAR_GRADIENT:
                return clamp01(0.5f + (du * ca + dv * sa));
            case RADIAL_GRADIENT: {
                float cx = blobs[0] - 0.5f;
                float cy = blobs[1] - 0.5f;
                float ex = du - cx * 0.6f;
                float ey = dv - cy * 0.6f;
                return clamp01((float) Math.sqrt(ex * ex + ey * ey) * 1.3f);
            }
            case STRIPES: {
                float s = (float) Math.sin((du * ca + dv * sa) * frequency * Math.PI * 2);
                return smooth(s * 3f);
            }
            case BLOBS: {
                float acc = 0;
                for (int i = 0; i < BLOBS; i++) {
                    float bx = blobs[i * 3];
                    float by = blobs[i * 3 + 1];
                    float br = 0.06f + 0.2f * blobs[i * 3 + 2];
                    float d2 = ((u - bx) * (u - bx) + (v - by) * (v - by)) / (br * br);
                    if (d2 < 9) {
                        acc += (float) Math.exp(-d2);
                    }
                }
                return clamp01(acc);
            }
            case NOISE:
                return clamp01(0.5f + 0.6f * fractalNoise(u * frequency * 0.6f, v * frequency * 0.6f));
            default:
                throw new AssertionError(kind);
        }
    }

    private static float smooth(float s) {
        return clamp01(0.5f + 0.5f * s);
    }

    private float fractalNoise(float x, float y) {
        float sum = 0;
        float amp = 0.5f;
        for (int octave = 0; octave < 4; octave++) {
            sum += amp * (valueNoise(x, y, octave) * 2 - 1);
            x *= 2.03f;
            y *= 2.03f;
            amp *= 0.5f;
        }
        return sum;
    }

    private float valueNoise(float x, float y, int octave) {
        int ix = (int) Math.floor(x);
        int iy = (int) Math.floor(y);
        float fx = x - ix;
        float fy = y - iy;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        float a = lattice(ix, iy, octave);
        float b = lattice(ix + 1, iy, octave);
        float c = lattice(ix, iy + 1, octave);
        float d = lattice(ix + 1, iy + 1, octave);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }

    private float lattice(int x, int y, int octave) {
        float[] grid = lattice[octave];
        if (x < LATTICE && y < LATTICE && x >= 0 && y >= 0) {
            return grid[y * LATTICE + x];
        }
        return hashLattice(x, y, octave);
    }

    private float hashLattice(int x, int y, int octave) {
        long h = Seeds.mix(seed ^ (x * 0x632BE59BD9B4E019L) ^ (y * 0x85157AF5L) ^ ((long) octave << 56));
        return (h >>> 40) / (float) (1L << 24);
    }

    /** Lattice values are hashed once per background, not once per pixel corner. */
    private float[][] buildLattice() {
        float[][] grids = new float[4][LATTICE * LATTICE];
        for (int o = 0; o < 4; o++) {
            for (int y = 0; y < LATTICE; y++) {
                for (int x = 0; x < LATTICE; x++) {
                    grids[o][y * LATTICE + x] = hashLattice(x, y, o);
                }
            }
        }
        return grids;
    }

    private static float[] randomColor(SplittableRandom r) {
        float h = (float) r.nextDouble();
        float s = (float) (r.nextDouble() * 0.8);
        float v = (float) (0.2 + r.nextDouble() * 0.75);
        return Colors.hsv(h, s, v);
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
