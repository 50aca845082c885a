package io.reenact.vision.face;

import io.reenact.model.RgbImage;
import java.util.Objects;
import java.util.Optional;

/**
 * One stream's face box from frame to frame: detects, smooths the box centre and size with 1€
 * filters (a still head gives a still crop, a moving head is followed without visible lag), holds
 * the last box through frames with no face, and before any face has been seen uses the box whose
 * {@link PaperCrop} is the frame's central square.
 *
 * <p>After a gap longer than {@link #DEFAULT_RESNAP_SECONDS} the filters restart, so a face that
 * reappears elsewhere is jumped to rather than slid to. One tracker per stream; not thread-safe.
 * The detector is borrowed, not closed.
 */
public final class FaceTracker {

    /** 1€ settings for positions in pixels: a steady crop at rest, following head moves of ~100 px/s within a frame or two. */
    public static final double DEFAULT_MIN_CUTOFF_HZ = 0.5;
    public static final double DEFAULT_BETA = 0.02;
    public static final double DEFAULT_DERIVATIVE_CUTOFF_HZ = 1.0;
    public static final double DEFAULT_RESNAP_SECONDS = 1.0;

    /** Where a tracked box came from. */
    public enum Source {
        /** Found in this frame (then smoothed). */
        DETECTED,
        /** No face in this frame: the last box, held. */
        HELD,
        /** No face seen yet: the frame's central square. */
        DEFAULT
    }

    /** The box to crop with, and where it came from. */
    public record Tracked(FaceBox box, Source source) {

        public Tracked {
            Objects.requireNonNull(box, "box");
            Objects.requireNonNull(source, "source");
        }

        /** Whether a face was found in this very frame. */
        public boolean found() {
            return source == Source.DETECTED;
        }

        /** Whether this is the last box held over a frame without a face. */
        public boolean held() {
            return source == Source.HELD;
        }
    }

    private final FaceDetector detector;
    private final OneEuroFilter centreX;
    private final OneEuroFilter centreY;
    private final OneEuroFilter width;
    private final OneEuroFilter height;
    private final double resnapSeconds;
    private FaceBox last;
    private double lastSeen = Double.NaN;
    private double lastTime = Double.NaN;

    public FaceTracker(FaceDetector detector) {
        this(detector, DEFAULT_MIN_CUTOFF_HZ, DEFAULT_BETA, DEFAULT_DERIVATIVE_CUTOFF_HZ, DEFAULT_RESNAP_SECONDS);
    }

    public FaceTracker(FaceDetector detector, double minCutoffHz, double beta, double derivativeCutoffHz, double resnapSeconds) {
        this.detector = Objects.requireNonNull(detector, "detector");
        if (!(resnapSeconds > 0)) {
            throw new IllegalArgumentException("resnapSeconds must be positive: " + resnapSeconds);
        }
        this.centreX = new OneEuroFilter(minCutoffHz, beta, derivativeCutoffHz);
        this.centreY = new OneEuroFilter(minCutoffHz, beta, derivativeCutoffHz);
        this.width = new OneEuroFilter(minCutoffHz, beta, derivativeCutoffHz);
        this.height = new OneEuroFilter(minCutoffHz, beta, derivativeCutoffHz);
        this.resnapSeconds = resnapSeconds;
    }

    /** Detects in {@code frame}, seen at {@code timeSeconds} (increasing), and returns the box to crop with. */
    public Tracked track(RgbImage frame, double timeSeconds) {
        if (!(timeSeconds > lastTime) && !Double.isNaN(lastTime)) {
            throw new IllegalArgumentException("time must increase: " + timeSeconds + " after " + lastTime);
        }
        lastTime = timeSeconds;
        Optional<FaceBox> face = detector.detect(frame);
        return face.map(f -> smooth(f, timeSeconds)).orElseGet(() -> withoutFace(frame));
    }

    /** Feeds a box found elsewhere (for example by another detector) at {@code timeSeconds}. */
    public Tracked update(FaceBox face, double timeSeconds) {
        if (!(timeSeconds > lastTime) && !Double.isNaN(lastTime)) {
            throw new IllegalArgumentException("time must increase: " + timeSeconds + " after " + lastTime);
        }
        lastTime = timeSeconds;
        return smooth(Objects.requireNonNull(face, "face"), timeSeconds);
    }

    private Tracked smooth(FaceBox face, double time) {
        if (!Double.isNaN(lastSeen) && time - lastSeen > resnapSeconds) {
            centreX.reset();
            centreY.reset();
            width.reset();
            height.reset();
        }
        lastSeen = time;
        last = FaceBox.centred(centreX.filter(face.centreX(), time), centreY.filter(face.centreY(), time),
                Math.max(1e-3, width.filter(face.width(), time)), Math.max(1e-3, height.filter(face.height(), time)),
                face.score());
        return new Tracked(last, Source.DETECTED);
    }

    private Tracked withoutFace(RgbImage frame) {
        if (last != null) {
            return new Tracked(last, Source.HELD);
        }
        return new Tracked(centreSquare(frame.width(), frame.height()), Source.DEFAULT);
    }

    /** The box whose paper crop is the largest square centred in a {@code width}×{@code height} frame. */
    public static FaceBox centreSquare(int width, int height) {
        double side = Math.min(width, height) / PaperCrop.SCALE;
        return FaceBox.centred(width / 2.0, height / 2.0, side, side, 0);
    }

    /** The last box found (smoothed), if any. */
    public Optional<FaceBox> last() {
        return Optional.ofNullable(last);
    }
}
