package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Feature matching: L1 between the discriminator's intermediate activations on the generated image
 * and on the real one, summed over layers (mean within a layer). Real features are treated as
 * constants so the term trains only the generator side.
 */
public final class FeatureMatchingLoss {

    public NDArray compute(List<NDArray> fakeFeatures, List<NDArray> realFeatures) {
        if (fakeFeatures.size() != realFeatures.size() || fakeFeatures.isEmpty()) {
            throw new IllegalArgumentException(
                    "feature lists differ: " + fakeFeatures.size() + " vs " + realFeatures.size());
        }
        NDArray loss = null;
        for (int i = 0; i < fakeFeatures.size(); i++) {
            NDArray term = fakeFeatures.get(i).sub(realFeatures.get(i).stopGradient()).abs().mean();
            loss = loss == null ? term : loss.add(term);
        }
        return loss;
    }
}
