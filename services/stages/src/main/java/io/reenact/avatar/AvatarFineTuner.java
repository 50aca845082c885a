package io.reenact.avatar;

import io.reenact.model.RgbImage;
import java.util.List;

/**
 * The paper's per-person fine-tuning: the identity embedding of the frames becomes trainable, the
 * generator and AdaIN MLP are tuned on the person's own frames, the encoders stay frozen.
 */
public interface AvatarFineTuner {

    /** The tuned identity and the serialized tuned generator + MLP weights. */
    record Result(float[] identity, byte[] weights) {
    }

    Result fineTune(List<RgbImage> frames, int steps);
}
