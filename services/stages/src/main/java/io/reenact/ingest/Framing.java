package io.reenact.ingest;

import io.reenact.model.RgbImage;

/**
 * How a full camera or video frame becomes the model's square input. One instance per stream:
 * a face-tracking framing carries state (the smoothed box) from frame to frame.
 */
public interface Framing {

    /**
     * @param frame the decoded frame, any size
     * @param timeSeconds the frame's presentation time: smoothing runs on time, not frame count,
     *                    so a source that skips frames is followed as smoothly as one that doesn't
     */
    Framed apply(RgbImage frame, double timeSeconds);

    /** The model's input size. */
    int size();
}
