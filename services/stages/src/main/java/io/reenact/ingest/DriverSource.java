package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.schema.FaceBox;

import java.io.IOException;

/**
 * Where driver frames come from: a video file, a network stream, the synthetic head renderer.
 * Every frame is already the model's square size, so stages downstream never resize.
 */
public interface DriverSource extends AutoCloseable {

    /** The next frame, or {@code null} once a finite source has ended. */
    RgbImage next() throws IOException;

    /**
     * Where the face is in the frame {@link #next()} returned last, in its pixels; null when this
     * source does not look for faces.
     */
    default FaceBox lastFace() {
        return null;
    }

    /** Native frame rate, used when frames are paced in real time. */
    double frameRate();

    /** Human-readable origin, for logs and errors (never contains credentials of a URL). */
    String describe();

    @Override
    void close();
}
