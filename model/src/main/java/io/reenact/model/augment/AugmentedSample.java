package io.reenact.model.augment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * One training item after pose augmentation: the pose encoder's input, and the reconstruction
 * target with its mask. Target and mask only ever receive the shift that the pose frame also got,
 * so the pose the network must reproduce is still the pose it was shown; (shiftX, shiftY) is that
 * shift in pixels, for whatever else must follow the target (flows, region weights).
 */
public record AugmentedSample(RgbImage poseFrame, RgbImage target, Mask targetMask, int shiftX, int shiftY) {
}
