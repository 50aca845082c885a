package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * One training example of the paper: K identity frames and one pose frame (which is also the
 * reconstruction target), all from the same video; or, where synthetic data can render it, a pose
 * frame of another person in the target's exact pose ({@code driver}).
 *
 * @param identityFrames the K identity frames
 * @param target         the pose frame / target image
 * @param targetMask     foreground mask of the target
 * @param videoIndex     index of the source video (the discriminator's per-video embedding)
 * @param identityMasks  foreground masks of the identity frames (the warping renderer's sources), or
 *                       empty where the dataset has none
 * @param targetLandmarks the target's 68 landmarks in pixels (eye and mouth weighting), or null
 * @param flows          per identity frame, the exact flow from the target back to it, or empty where
 *                       the dataset cannot know it (real video)
 * @param targetExpression the target's true expression ({@link HeadPose#expression()}), or null where the
 *                       dataset cannot know it (real video)
 * @param driver         the frame the pose encoder sees: another person in the target's pose, or
 *                       null where the target drives itself (the paper's self-reenactment)
 */
public record TrainingSample(List<RgbImage> identityFrames, RgbImage target, Mask targetMask, int videoIndex,
                             List<Mask> identityMasks, float[] targetLandmarks, List<TrueFlow> flows,
                             float[] targetExpression, RgbImage driver) {

    public TrainingSample(List<RgbImage> identityFrames, RgbImage target, Mask targetMask, int videoIndex) {
        this(identityFrames, target, targetMask, videoIndex, List.of(), null, List.of(), null, null);
    }

    /** The frame the pose encoder sees. */
    public RgbImage poseFrame() {
        return driver != null ? driver : target;
    }

    public TrainingSample {
        identityFrames = List.copyOf(Objects.requireNonNull(identityFrames, "identityFrames"));
        identityMasks = List.copyOf(identityMasks);
        flows = List.copyOf(flows);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetMask, "targetMask");
        if (identityFrames.isEmpty()) {
            throw new IllegalArgumentException("at least one identity frame is needed");
        }
    }
}
