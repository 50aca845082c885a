package io.reenact.vision.face;

/**
 * A face box in pixels of the frame it was found in: top-left corner, size, and the detector's
 * confidence in [0, 1]. Fields are floats, as in the {@code FaceBox} Avro record, so a box goes
 * onto the wire unchanged.
 */
public record FaceBox(float x, float y, float width, float height, float score) {

    public FaceBox {
        if (!(width > 0) || !(height > 0) || !Float.isFinite(x) || !Float.isFinite(y)
                || !Float.isFinite(width) || !Float.isFinite(height)) {
            throw new IllegalArgumentException(
                    "a face box needs a finite position and a positive size: " + x + "," + y + " " + width + "x" + height);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }

    /** The box with centre ({@code cx}, {@code cy}) and the given size. */
    public static FaceBox centred(double cx, double cy, double width, double height, double score) {
        return new FaceBox((float) (cx - width / 2), (float) (cy - height / 2), (float) width, (float) height, (float) score);
    }

    public double centreX() {
        return x + width / 2.0;
    }

    public double centreY() {
        return y + height / 2.0;
    }

    /** Intersection over union with {@code other}; 0 when they do not overlap. */
    public double iou(FaceBox other) {
        double ix = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double iy = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / ((double) width * height + (double) other.width * other.height - inter);
    }
}
