package io.reenact.model.eval;

import io.reenact.model.RgbImage;

/**
 * Reads 68 landmarks off an image, as a detector would (dlib in the vision module). The evaluation
 * reads the output and the ground truth the same way, inside the same box, so expression following
 * is measured by what can be seen in the pixels, not by what the renderer was asked to draw.
 */
@FunctionalInterface
public interface LandmarkReader {

    /**
     * @param image      the picture to read
     * @param placement  68 (x, y) landmarks that say where the face is (the truth's, so every image
     *                   of a frame is read in one box)
     * @return 68 (x, y) pairs in pixels
     */
    float[] read(RgbImage image, float[] placement);
}
