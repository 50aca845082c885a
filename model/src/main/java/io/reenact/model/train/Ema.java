package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.reenact.model.LatentPoseModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exponential moving average of the G-side weights (encoders, MLP, generator), held in a second
 * model: ema ← ema − (1 − decay)·(ema − live). The paper uses these averaged weights at inference;
 * they are smoother than the last step's and export as the checkpoint.
 */
public final class Ema {

    static final LatentPoseModel.Part[] G_SIDE = {
        LatentPoseModel.Part.IDENTITY_ENCODER, LatentPoseModel.Part.POSE_ENCODER,
        LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR, LatentPoseModel.Part.WARP_RENDERER
    };

    private final List<NDArray[]> pairs = new ArrayList<>();
    private final float decay;

    Ema(LatentPoseModel live, LatentPoseModel ema, float decay) {
        this(live, ema, decay, G_SIDE);
    }

    /** An average of {@code parts} only (fine-tuning averages the parts it tunes). */
    public Ema(LatentPoseModel live, LatentPoseModel ema, float decay, LatentPoseModel.Part... parts) {
        this.decay = decay;
        Map<String, Parameter> mine = ema.parameters(parts);
        live.parameters(parts).forEach((name, p) -> {
            Parameter target = mine.get(name);
            if (target == null) {
                throw new IllegalArgumentException("EMA model lacks " + name);
            }
            // the average is never trained: without a gradient it can be updated in place on any
            // thread (libtorch's grad mode is on by default in threads it did not start, e.g. a
            // Kafka Streams thread that fine-tunes at enrolment)
            target.freeze(true);
            pairs.add(new NDArray[] {target.getArray(), p.getArray()});
        });
    }

    /**
     * One EMA step after optimisation step {@code step} (1-based). The decay ramps up as
     * (1 + step) / (10 + step) until it reaches the configured value, so a short or young run exports
     * averaged trained weights rather than weights still dominated by the random initialisation.
     */
    public void update(long step) {
        float rate = 1f - Math.min(decay, (1f + step) / (10f + step));
        for (NDArray[] pair : pairs) {
            NDArray ema = pair[0];
            // the temporary is created in the EMA model's manager and closed at once: nothing accumulates
            try (NDArray live = pair[1].stopGradient(); NDArray diff = ema.sub(live)) {
                diff.muli(rate);
                ema.subi(diff);
            }
        }
    }
}
