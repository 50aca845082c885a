package io.reenact.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.data.Split;
import io.reenact.model.eval.ExpressionMeasures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A small convolutional network that reads how open the mouth is off a masked head image, taught on
 * ground-truth renders only and never shipped. Read off the renderer's output with its own weights
 * held, it tells the renderer whether its mouth opens as the target's does, wherever on the face the
 * lips are drawn: a mouth drawn closed reads as closed, though its pixels sit within a pixel of an
 * open one's, where the pixel losses, unsure by a pixel where the lips part, favour the closed mouth.
 * The opening is {@code eval}'s ({@link ExpressionMeasures#mouthOpening}) from the exact landmarks, so
 * the jaw and the smile's parted lips count alike. Not checkpointed: each run teaches it afresh
 * ({@link #pretrain}) before the renderer reads it, then keeps teaching it on every step's targets.
 */
final class MouthOpeningCritic implements AutoCloseable {

    /** The opening (gap over eye-corner distance, 0.06 ± 0.05) times this is about unit spread. */
    private static final float SCALE = 5f;
    private static final float LEARNING_RATE = 1e-3f;
    private static final int[] WIDTHS = {16, 32, 64, 64, 64};
    private static final int PRETRAIN_BATCH = 16;

    private final NDManager manager;
    private final List<NDArray> weights = new ArrayList<>();
    private final SideParameters trained;

    MouthOpeningCritic(NDManager parent, int size) {
        manager = parent.newSubManager();
        int in = 3;
        int side = size;
        for (int width : WIDTHS) {
            weights.add(manager.randomNormal(0f, (float) Math.sqrt(2.0 / (in * 9)), new Shape(width, in, 3, 3),
                    DataType.FLOAT32));
            weights.add(manager.zeros(new Shape(width)));
            in = width;
            side = Math.max(1, side / 2);
        }
        long features = (long) in * side * side;
        weights.add(manager.randomNormal(0f, (float) Math.sqrt(1.0 / features), new Shape(features, 1), DataType.FLOAT32));
        weights.add(manager.zeros(new Shape(1, 1)));
        trained = new SideParameters("critic", weights, LEARNING_RATE);
    }

    /** What the critic reads: the mouth's opening from 68 landmarks, scaled to about unit spread. */
    static float opening(float[] landmarks) {
        return (float) (ExpressionMeasures.mouthOpening(landmarks) * SCALE);
    }

    /**
     * Mean squared error of the opening read off {@code images} (B, 3, S, S, masked) against
     * {@code opening} (B, 1) over the samples where {@code known} (B, 1) is 1. {@code held}: the
     * critic's own weights take no gradient, only the images do (the output's reading).
     */
    NDArray loss(NDArray images, NDArray opening, NDArray known, boolean held) {
        return read(images, held).sub(opening).square().mul(known).sum().div(known.sum().add(1e-6f));
    }

    /** The opening read off masked images (B, 3, S, S), as (B, 1). */
    NDArray read(NDArray images, boolean held) {
        NDManager m = images.getManager();
        NDArray x = images;
        int convs = WIDTHS.length;
        for (int i = 0; i < convs; i++) {
            x = Conv2d.conv2d(x, weight(2 * i, held, m), weight(2 * i + 1, held, m), new Shape(2, 2), new Shape(1, 1),
                    new Shape(1, 1), 1).singletonOrThrow();
            x = Activation.leakyRelu(x, 0.2f);
        }
        return x.reshape(x.getShape().get(0), -1).matMul(weight(2 * convs, held, m)).add(weight(2 * convs + 1, held, m));
    }

    /**
     * Teaches the critic on {@code framesEach} frames of each of {@code people} training people of
     * {@code heads} before the renderer reads it: taught only beside the renderer, from scratch, it
     * read the mean for hundreds of steps, and its reading of the output pushed the renderer nowhere.
     * Logs and returns how well it then reads people it was not taught on (R² over validation people).
     */
    double pretrain(SyntheticHeads heads, int size, int people, int framesEach, int steps, PrintStream log) {
        try (NDManager m = manager.newSubManager()) {
            NDArray[] train = frames(m, heads, Split.TRAIN, people, framesEach, size);
            NDArray[] check = frames(m, heads, Split.VALIDATION, Math.max(2, people / 16), framesEach, size);
            int n = (int) train[0].getShape().get(0);
            Random rng = new Random(heads.seed());
            for (int step = 0; step < steps; step++) {
                try (NDManager sm = m.newSubManager()) {
                    long[] pick = new long[PRETRAIN_BATCH];
                    for (int i = 0; i < pick.length; i++) {
                        pick[i] = rng.nextInt(n);
                    }
                    NDArray index = sm.create(pick);
                    NDArray x = train[0].get(index);
                    NDArray y = train[1].get(index);
                    x.attach(sm);
                    y.attach(sm);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(loss(x, y, sm.ones(new Shape(pick.length, 1)), false));
                    }
                    step();
                }
            }
            NDArray truth = check[1];
            float error = read(check[0], true).sub(truth).square().mean().getFloat();
            float spread = truth.sub(truth.mean()).square().mean().getFloat();
            double r2 = 1 - error / Math.max(spread, 1e-12f);
            log.printf(Locale.ROOT, "mouth-opening critic: %d frames of %d people, %d steps; reads %d frames of "
                    + "people it was not taught on at R² %.2f%n", n, people, steps, truth.getShape().get(0), r2);
            return r2;
        }
    }

    private static NDArray[] frames(NDManager m, SyntheticHeads heads, Split split, int people, int framesEach, int size) {
        List<RgbImage> images = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        float[] openings = new float[people * framesEach];
        int frameCount = 64;
        for (int p = 0; p < people; p++) {
            SyntheticVideo video = heads.video(heads.identity(split, p), p, frameCount);
            for (int j = 0; j < framesEach; j++) {
                int t = (j * frameCount / framesEach + p) % frameCount;
                RenderedFrame f = video.frame(t, size);
                images.add(f.image());
                masks.add(f.mask());
                openings[images.size() - 1] = opening(f.landmarks());
            }
        }
        return new NDArray[] {ImageTensors.images(m, images).mul(ImageTensors.masks(m, masks)),
                m.create(openings, new Shape(openings.length, 1))};
    }

    private NDArray weight(int i, boolean held, NDManager m) {
        if (!held) {
            return weights.get(i);
        }
        NDArray detached = weights.get(i).stopGradient();
        detached.attach(m); // freed with the step; the critic's own manager would keep one per step
        return detached;
    }

    /** One Adam update from the gradient of the last backward pass, then clears it. */
    void step() {
        trained.step();
    }

    /** Drops the last gradient (a dropped model update drops the critic's too). */
    void clear() {
        trained.clear();
    }

    @Override
    public void close() {
        manager.close();
    }
}
