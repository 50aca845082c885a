package io.reenact.avatar;

import io.reenact.model.AvatarSources;
import io.reenact.model.RgbImage;
import java.util.List;
import java.util.Optional;

/**
 * The identity encoder as enrolment sees it: K frames of one person in, the identity embedding
 * (the mean of the per-frame embeddings, as in the paper) out.
 */
public interface IdentityModel {

    float[] encodeIdentity(List<RgbImage> frames);

    String modelVersion();

    /**
     * What the renderer needs of the avatar besides its identity, computed once here at enrolment
     * (a warping renderer's source frames, masks and poses); nothing by default.
     */
    default AvatarSources prepareSources(List<RgbImage> frames) {
        return AvatarSources.NONE;
    }

    /** The paper's per-person fine-tuning, where the model provides it. */
    default Optional<AvatarFineTuner> fineTuner() {
        return Optional.empty();
    }
}
