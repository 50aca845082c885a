package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.schema.FaceBox;

/**
 * A driver frame after {@link Framing}: the square the model sees, and where the face is in it.
 *
 * @param image the square crop, the model's size
 * @param face the face box in the crop's pixels, or null where the framing does not look for faces
 */
public record Framed(RgbImage image, FaceBox face) {
}
