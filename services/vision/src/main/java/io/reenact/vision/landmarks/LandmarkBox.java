package io.reenact.vision.landmarks;

/**
 * The face box a {@link DlibShapePredictor} starts from, in continuous pixel coordinates (pixel
 * (i, j) covers [i, i+1) × [j, j+1), as in {@link io.reenact.model.data.Landmarks68}).
 *
 * <p>The 68-point model was trained on boxes from dlib's HOG frontal face detector: square and
 * tight, its top just above the eyebrows, its bottom at the chin, its sides at the edges of the
 * cheeks, the eyes about a quarter of the way down. A box from another detector (taller, with forehead, or off-centre) shifts and stretches
 * every landmark, so convert it first: {@link DlibShapePredictor#boxForEyesAndMouth} places a
 * dlib-like box from three keypoints any detector gives (BlazeFace does), and
 * {@link DlibShapePredictor#boxFor} from a previous frame's landmarks.
 */
public record LandmarkBox(double x, double y, double width, double height) {

    public LandmarkBox {
        if (!(width >= 2 && height >= 2) || !Double.isFinite(x) || !Double.isFinite(y)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("a face box needs finite coordinates and a size of at least 2 px: "
                    + x + "," + y + " " + width + "x" + height);
        }
    }

    /** A dlib {@code rectangle(left, top, right, bottom)}, whose right and bottom are inclusive pixel indices. */
    public static LandmarkBox fromDlib(long left, long top, long right, long bottom) {
        return new LandmarkBox(left, top, right - left + 1, bottom - top + 1);
    }

    /** The box grown by {@code fraction} of its size on every side (e.g. 0.3 for 30%). */
    public LandmarkBox expand(double fraction) {
        return new LandmarkBox(x - width * fraction, y - height * fraction,
                width * (1 + 2 * fraction), height * (1 + 2 * fraction));
    }

    public boolean contains(double px, double py) {
        return px >= x && py >= y && px < x + width && py < y + height;
    }
}
