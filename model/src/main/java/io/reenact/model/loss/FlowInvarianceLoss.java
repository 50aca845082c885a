package io.reenact.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Pulls the flow a driver frame's code drives towards the flow its twin's code drives: the twin is the
 * target, the same pose on the avatar's own face, equally distorted (see {@link PoseInvarianceLoss}).
 * Driven by such a code the shipped renderer gains 1.4 dB under cross-driving, so the twin's flow is one
 * the renderer can already give from these very sources. Pulling the codes together instead shrank their
 * distance by a quarter and moved no pixel: most of the distance lay in directions the renderer does
 * not read. Here only what changes the flow counts. Unlike the exact flow, this target is reachable by the
 * code alone, so its gradient says what the driver's code lacks rather than what the decoder cannot draw.
 * Tried from the shipped weights at weight 1000, the trainer letting it move the driver's code alone: the
 * two flows stayed about 1 px apart over 1,000 steps and cross-driving fell 0.2 dB. Off by default.
 *
 * <p>Mean absolute difference of the two flows (grid units) over the target's person pixels and every
 * source, averaged over the cross-driven pairs; 0 when there are none. The caller stops the twin flow's
 * gradient: the driver's code is to move towards the twin's rendering, not the other way.
 */
public final class FlowInvarianceLoss {

    private static final float EPS = 1e-6f;

    /**
     * @param driverFlows flows driven by the pose frames' codes (B, K, 2, S, S)
     * @param twinFlows   flows driven by the twins' codes from the same sources (B, K, 2, S, S)
     * @param mask        the target's person mask (B, 1, S, S)
     * @param pairs       1 where the pose frame shows another person than the target (B), else 0
     */
    public NDArray compute(NDArray driverFlows, NDArray twinFlows, NDArray mask, NDArray pairs) {
        long k = driverFlows.getShape().get(1);
        NDArray where = mask.expandDims(1).mul(pairs.reshape(-1, 1, 1, 1, 1));
        return driverFlows.sub(twinFlows).abs().mul(where).sum()
                .div(where.sum().mul(2f * k).add(EPS));
    }
}
