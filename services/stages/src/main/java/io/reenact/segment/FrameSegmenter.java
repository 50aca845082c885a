package io.reenact.segment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * The segmentation network as the segment stage sees it: a frame in, a foreground mask of the same
 * size out. Implementations must be safe to call from several stream threads.
 */
public interface FrameSegmenter {

    Mask segment(RgbImage frame);

    /** Written into every mask so a consumer knows which network produced it. */
    String modelVersion();
}
