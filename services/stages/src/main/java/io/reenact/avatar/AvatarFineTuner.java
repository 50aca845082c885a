package io.reenact.avatar;

import io.reenact.model.RgbImage;
import java.util.List;

/**
 * Fine-tunes the generator and the AdaIN MLP on one person's frames, starting from the identity
 * the encoder found (which becomes trainable), as in the paper's fine-tuning stage.
 */
public interface AvatarFineTuner {

    /** The tuned identity and the serialized tuned weights. */
    record Result(float[] identity, byte[] weights) {
    }

    Result fineTune(List<RgbImage> frames, float[] identity, int steps);
}
