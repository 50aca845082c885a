package io.reenact.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;

/**
 * Frames shifted by two pixels, over which a served pose code is averaged ({@code
 * LatentPoseModel#pose}, {@code Reenactor#encodePoses}). The pose encoder's four stride-2 convolutions
 * sample the frame every 16 pixels, so where the head falls on that grid moves its code by more than
 * its pose does: averaging the codes of the frame and of it shifted by 2 px each way along each axis
 * (symmetric, so the mean position is kept) takes much of that jitter out. On the shipped warp-128
 * weights and the held-out heads of {@code reenact eval}, seed 1, cross-driving / self-driving:
 * PSNR 22.37 / 23.57 → 22.53 / 24.23 dB, eye boxes +0.16 / +0.48 dB, mouth boxes +0.19 / +0.05 dB,
 * mouth-open correlation 0.48 / 0.44 → 0.58 / 0.47. Shifts of ±1 gave 22.48 / 24.05 dB; ±1 and ±2
 * (9 versions) 22.52 / 24.25 for twice the cost; ±1 to ±4 22.55 / 24.23; ±1 and ±2 on seed 2 +0.18 /
 * +0.49 dB. In {@code reenact bench} (one core) five versions cost 5.3 ms a served frame, nine 6.2,
 * one pass 0.9.
 * Training keeps one pass: its augmentation shifts frames anyway.
 */
public final class ShiftedFrames {

    /** Pixels each shift moves the frame, both ways along both axes. */
    static final int[] SHIFTS = {2};

    /** How many frames {@link #of} makes of each: the frame itself and four per shift. */
    public static final int COUNT = 1 + 4 * SHIFTS.length;

    /** Most frames, shifts included, sent through the encoder in one pass. */
    private static final int ONE_PASS = 64;

    private ShiftedFrames() {
    }

    /**
     * The encoder's code of frames (B, 3, S, S), averaged over their shifts: (B, D). A few frames go
     * through in one pass with all their shifts (a served frame: its versions in one batch cost a
     * fraction of as many passes); many go through one pass per shift, since a batch {@link #COUNT} times
     * larger allocates buffers beyond the malloc threshold the launcher sets, and every pass then paid
     * fresh page faults (an evaluation's pose probe ran several times slower).
     */
    public static NDArray meanCode(PoseEncoder encoder, ParameterStore ps, NDArray frames) {
        long b = frames.getShape().get(0);
        NDList versions = of(frames);
        if (b * COUNT <= ONE_PASS) {
            NDArray codes = encoder.forward(ps, new NDList(NDArrays.concat(versions, 0)), false).singletonOrThrow();
            return codes.reshape(COUNT, b, codes.getShape().get(1)).mean(new int[] {0});
        }
        NDArray sum = null;
        for (NDArray version : versions) {
            NDArray code = encoder.forward(ps, new NDList(version), false).singletonOrThrow();
            sum = sum == null ? code : sum.add(code);
        }
        return sum.div(COUNT);
    }

    /**
     * Frames (B, 3, S, S) → their {@link #COUNT} versions, each (B, 3, S, S): the frames, then shifted
     * right, left, down and up per {@link #SHIFTS} entry, the edge row or column repeated into what
     * the shift uncovers.
     */
    static NDList of(NDArray frames) {
        NDList all = new NDList(frames);
        for (int d : SHIFTS) {
            all.add(shifted(frames, d, 3));
            all.add(shifted(frames, -d, 3));
            all.add(shifted(frames, d, 2));
            all.add(shifted(frames, -d, 2));
        }
        return all;
    }

    /** The frames moved by {@code d} pixels (positive: towards higher indices) along an axis (2 = y, 3 = x). */
    private static NDArray shifted(NDArray frames, int d, int axis) {
        long s = frames.getShape().get(axis);
        if (d > 0) {
            return slice(frames, axis, 0, 1).repeat(axis, d).concat(slice(frames, axis, 0, s - d), axis);
        }
        return slice(frames, axis, -d, s).concat(slice(frames, axis, s - 1, s).repeat(axis, -d), axis);
    }

    private static NDArray slice(NDArray frames, int axis, long from, long to) {
        return frames.get(new NDIndex().addAllDim(axis).addSliceDim(from, to));
    }
}
