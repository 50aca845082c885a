/** The paper's pose augmentation (pure Java on {@link io.reenact.model.RgbImage}): see {@link io.reenact.model.augment.PoseAugmentation}. */
package io.reenact.model.augment;
