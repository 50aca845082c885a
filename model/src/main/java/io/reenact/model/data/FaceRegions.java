package io.reenact.model.data;

/**
 * The eye and mouth boxes of a face, from its 68 landmarks (iBUG order: eyes 36–47, mouth 48–67):
 * where expressions happen, so where training weighs errors up and evaluation measures them apart.
 * Each box is the landmarks' bounding box grown on every side by a share of its width (lids and
 * lips move outside their resting outline).
 */
public final class FaceRegions {

    /** Pixel box [x0, x1) × [y0, y1), clipped to the image. */
    public record Box(int x0, int y0, int x1, int y1) {
        public int area() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }

        public boolean contains(int x, int y) {
            return x >= x0 && x < x1 && y >= y0 && y < y1;
        }
    }

    private static final float EYE_MARGIN = 0.35f;
    private static final float MOUTH_MARGIN = 0.2f;

    private FaceRegions() {
    }

    public static Box leftEye(float[] landmarks, int size) {
        return box(landmarks, 36, 41, EYE_MARGIN, size);
    }

    public static Box rightEye(float[] landmarks, int size) {
        return box(landmarks, 42, 47, EYE_MARGIN, size);
    }

    public static Box mouth(float[] landmarks, int size) {
        return box(landmarks, 48, 67, MOUTH_MARGIN, size);
    }

    /** 1 everywhere, 1 + {@code gain} inside the eye and mouth boxes: a per-pixel loss weight (row-major). */
    public static float[] weights(float[] landmarks, int size, float gain) {
        float[] w = new float[size * size];
        java.util.Arrays.fill(w, 1f);
        if (landmarks == null) {
            return w;
        }
        for (Box b : new Box[] {leftEye(landmarks, size), rightEye(landmarks, size), mouth(landmarks, size)}) {
            for (int y = b.y0(); y < b.y1(); y++) {
                for (int x = b.x0(); x < b.x1(); x++) {
                    w[y * size + x] = 1f + gain;
                }
            }
        }
        return w;
    }

    static Box box(float[] lm, int first, int last, float margin, int size) {
        float x0 = Float.MAX_VALUE;
        float y0 = Float.MAX_VALUE;
        float x1 = -Float.MAX_VALUE;
        float y1 = -Float.MAX_VALUE;
        for (int i = first; i <= last; i++) {
            x0 = Math.min(x0, lm[2 * i]);
            x1 = Math.max(x1, lm[2 * i]);
            y0 = Math.min(y0, lm[2 * i + 1]);
            y1 = Math.max(y1, lm[2 * i + 1]);
        }
        float m = margin * (x1 - x0);
        return new Box(clamp((int) Math.floor(x0 - m), size), clamp((int) Math.floor(y0 - m), size),
                clamp((int) Math.ceil(x1 + m), size), clamp((int) Math.ceil(y1 + m), size));
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
