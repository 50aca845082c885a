package io.reenact.vision.face;

import io.reenact.model.RgbImage;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a second detector only when the first finds nothing: BlazeFace first (fast, sure), the
 * cascade for the frames it misses. Thread-safe when both detectors are. Closing closes both.
 */
public final class FallbackFaceDetector implements FaceDetector {

    private final FaceDetector primary;
    private final FaceDetector fallback;

    public FallbackFaceDetector(FaceDetector primary, FaceDetector fallback) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** BlazeFace backed by the Haar cascade, both on the fetched models. */
    public static FallbackFaceDetector open() {
        BlazeFaceDetector blazeFace = BlazeFaceDetector.open();
        try {
            return new FallbackFaceDetector(blazeFace, CascadeFaceDetector.open());
        } catch (RuntimeException e) {
            blazeFace.close();
            throw e;
        }
    }

    @Override
    public Optional<FaceBox> detect(RgbImage frame) {
        Optional<FaceBox> face = primary.detect(frame);
        return face.isPresent() ? face : fallback.detect(frame);
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            fallback.close();
        }
    }
}
