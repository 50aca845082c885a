package io.reenact.model.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The synthetic talking-head population: identities, videos and single renders, all determined by
 * one seed.
 *
 * <p>Identity seeds are {@code derive(seed, split << 40 | index)}, a bijection of (split, index) for
 * a fixed generator seed: no two (split, index) pairs share an identity seed, so the train,
 * validation and test populations are disjoint. Thread-safe.
 */
public final class SyntheticHeads {

    private static final float[][] SKIN = {
        {0.97f, 0.82f, 0.72f}, {0.93f, 0.74f, 0.61f}, {0.87f, 0.66f, 0.52f}, {0.78f, 0.57f, 0.42f},
        {0.66f, 0.46f, 0.32f}, {0.52f, 0.35f, 0.24f}, {0.40f, 0.27f, 0.18f}, {0.30f, 0.20f, 0.14f}};
    private static final float[][] HAIR = {
        {0.07f, 0.06f, 0.05f}, {0.16f, 0.11f, 0.08f}, {0.30f, 0.19f, 0.11f}, {0.45f, 0.31f, 0.18f},
        {0.82f, 0.67f, 0.42f}, {0.62f, 0.27f, 0.12f}, {0.58f, 0.57f, 0.56f}, {0.88f, 0.87f, 0.84f}};
    /** Dark hair is the most common, grey and white the least. */
    private static final double[] HAIR_WEIGHTS = {3, 3, 2.5, 2, 1.5, 1, 0.6, 0.4};
    private static final float[][] EYES = {
        {0.33f, 0.19f, 0.09f}, {0.2f, 0.12f, 0.07f}, {0.3f, 0.5f, 0.75f}, {0.33f, 0.5f, 0.3f},
        {0.5f, 0.55f, 0.6f}, {0.5f, 0.38f, 0.16f}};
    private static final int[] GLASSES_COLORS = {0x1a1a1a, 0x3b2a1e, 0xb0b4b8, 0x8a1c1c, 0x1c3d8a, 0xc8a050};

    private final long seed;
    private final HeadRenderer renderer = new HeadRenderer();

    public SyntheticHeads(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public HeadRenderer renderer() {
        return renderer;
    }

    /** The index-th identity of a split; equal arguments always give an equal identity. */
    public HeadIdentity identity(Split split, int index) {
        Objects.requireNonNull(split, "split");
        if (index < 0) {
            throw new IllegalArgumentException("index must be non-negative: " + index);
        }
        long key = ((long) split.ordinal() << 40) | index;
        return identityFromSeed(Seeds.derive(seed, key));
    }

    static HeadIdentity identityFromSeed(long idSeed) {
        SplittableRandom r = new SplittableRandom(idSeed);
        float headWidth = uniform(r, 0.66, 0.86);
        float headHeight = uniform(r, 0.92, 1.05);
        float headDepth = uniform(r, 0.85, 0.98);
        float jawWidth = uniform(r, 0.44, 0.72);
        float jawLength = uniform(r, 0.48, 0.62);
        float cheeks = uniform(r, 0, 1);
        float eyeLevel = uniform(r, -0.04, 0.08);
        float eyeSize = uniform(r, 0.095, 0.14);
        float eyeSpacing = uniform(r, 0.25, 0.40);
        // keep the outer eye corners on the front of the face
        eyeSpacing = Math.min(eyeSpacing, 0.72f * headWidth - eyeSize);
        float noseLength = uniform(r, 0.26, 0.44);
        float noseWidth = uniform(r, 0.065, 0.13);
        float mouthWidth = Math.min(uniform(r, 0.15, 0.26), 0.58f * jawWidth);
        float mouthGap = uniform(r, 0.10, 0.17);
        float lips = uniform(r, 0.7, 1.4);
        float earSize = uniform(r, 0.8, 1.25);
        float neckWidth = uniform(r, 0.32, 0.46);

        float[] skin = jitter(r, SKIN[r.nextInt(SKIN.length)], 0.04f);
        float[] hair;
        if (r.nextDouble() < 0.08) {
            hair = Colors.hsv((float) r.nextDouble(), 0.7f, 0.55f);
        } else {
            hair = jitter(r, HAIR[pick(r, HAIR_WEIGHTS)], 0.03f);
        }
        float[] eye = jitter(r, EYES[r.nextInt(EYES.length)], 0.04f);
        float[] lip;
        if (r.nextDouble() < 0.15) {
            lip = jitter(r, new float[] {0.7f, 0.12f, 0.2f}, 0.08f);
        } else {
            lip = new float[] {Math.min(1, skin[0] * 0.92f + 0.06f), skin[1] * 0.62f, skin[2] * 0.64f};
        }
        HairStyle style = HairStyle.values()[r.nextInt(HairStyle.values().length)];
        float hairVolume = uniform(r, 0.6, 1.4);
        float browThickness = uniform(r, 0.012, 0.035);
        BrowShape brow = BrowShape.values()[r.nextInt(BrowShape.values().length)];
        double g = r.nextDouble();
        Glasses glasses = g < 0.7 ? Glasses.NONE : g < 0.8 ? Glasses.ROUND : g < 0.9 ? Glasses.RECTANGULAR : Glasses.SUNGLASSES;
        int glassesColor = GLASSES_COLORS[r.nextInt(GLASSES_COLORS.length)];
        float[] shirt = Colors.hsv((float) r.nextDouble(), (float) r.nextDouble() * 0.85f, uniform(r, 0.15, 0.95));
        return new HeadIdentity(idSeed, headWidth, headHeight, headDepth, jawWidth, jawLength, cheeks,
                eyeLevel, eyeSpacing, eyeSize, noseLength, noseWidth, mouthWidth, mouthGap, lips, earSize, neckWidth,
                Colors.pack(skin), Colors.pack(hair), Colors.pack(eye), Colors.pack(lip),
                style, hairVolume, browThickness, brow, glasses, glassesColor, Colors.pack(shirt));
    }

    /**
     * A talking-head video of one identity. The motion, expression timeline and backdrop depend only
     * on this generator's seed and {@code videoSeed}, so two identities given the same video seed
     * move identically in front of the same backdrop (what cross-driving ground truth needs).
     */
    public SyntheticVideo video(HeadIdentity identity, long videoSeed, int frameCount) {
        Objects.requireNonNull(identity, "identity");
        long motionSeed = Seeds.derive(seed ^ 0x3C6EF372FE94F82AL, videoSeed);
        PoseTrajectory trajectory = new PoseTrajectory(motionSeed, frameCount);
        Background background = Background.of(Seeds.derive(motionSeed, 1));
        return new SyntheticVideo(identity, trajectory, background, renderer);
    }

    public RenderedFrame render(HeadIdentity identity, HeadPose pose, Background background, int size) {
        return renderer.render(identity, pose, background, size);
    }

    private static int pick(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double v = r.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            v -= weights[i];
            if (v < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static float uniform(SplittableRandom r, double lo, double hi) {
        return (float) (lo + (hi - lo) * r.nextDouble());
    }

    private static float[] jitter(SplittableRandom r, float[] c, float amount) {
        float[] out = new float[3];
        float common = (float) ((r.nextDouble() * 2 - 1) * amount);
        for (int i = 0; i < 3; i++) {
            float v = c[i] + common + (float) ((r.nextDouble() * 2 - 1) * amount * 0.5);
            out[i] = Math.max(0, Math.min(1, v));
        }
        return out;
    }
}
