package io.reenact.vision.face;

import io.reenact.model.RgbImage;
import java.util.Optional;

/**
 * Finds the most confident face in a frame.
 *
 * <p>Implementations say in their own documentation whether one instance may be shared between
 * threads. They hold native resources, so close them when done.
 */
public interface FaceDetector extends AutoCloseable {

    /** The most confident face in {@code frame}, in its pixels, or empty when there is none. */
    Optional<FaceBox> detect(RgbImage frame);

    /** Frees the native resources; the detector cannot be used afterwards. */
    @Override
    void close();
}
