package io.reenact.model.augment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * One training item after pose augmentation: the pose encoder's input, and the reconstruction
 * target with its mask. Target and mask only ever receive the zoom (about the image centre) and
 * the shift that the pose frame also got, so the pose the network must reproduce is still the pose
 * it was shown; zoom and (shiftX, shiftY) in pixels are given for whatever else must follow the
 * target (flows, region weights): target pixel p shows what was at (p − shift − c) / zoom + c,
 * c = (size − 1) / 2.
 */
public record AugmentedSample(RgbImage poseFrame, RgbImage target, Mask targetMask, double zoom, int shiftX,
                              int shiftY) {

    /**
     * Where a point of the frame before augmentation lands in the target, in continuous coordinates
     * (pixel i covers [i, i + 1), as landmarks are given), where the centre is size / 2.
     */
    public float[] place(float x, float y, int size) {
        double c = size / 2.0;
        return new float[] {(float) ((x - c) * zoom + c + shiftX), (float) ((y - c) * zoom + c + shiftY)};
    }
}
