package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * One training example of the paper: K identity frames and one pose frame (which is also the
 * reconstruction target), all from the same video.
 *
 * @param identityFrames the K identity frames
 * @param target         the pose frame / target image
 * @param targetMask     foreground mask of the target
 * @param videoIndex     index of the source video (the discriminator's per-video embedding)
 */
public record TrainingSample(List<RgbImage> identityFrames, RgbImage target, Mask targetMask, int videoIndex) {

    public TrainingSample {
        identityFrames = List.copyOf(Objects.requireNonNull(identityFrames, "identityFrames"));
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetMask, "targetMask");
        if (identityFrames.isEmpty()) {
            throw new IllegalArgumentException("at least one identity frame is needed");
        }
    }
}
