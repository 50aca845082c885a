package io.reenact.model.train;

import io.reenact.model.RgbImage;
import io.reenact.model.augment.AugmentedSample;
import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.FaceRegions;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.TrainingSample;
import io.reenact.model.data.TrueFlow;
import io.reenact.model.data.VideoDataset;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds training batches on a background thread (rendering or decoding frames and the pose
 * augmentation are pure Java and overlap with the native forward/backward pass). Batch n depends only
 * on (seed, n), so a resumed run sees the same data stream as an uninterrupted one.
 */
final class BatchLoader implements AutoCloseable {

    /** Eyes and mouth count this many times more than the rest of the face in the warp losses. */
    static final float REGION_GAIN = 4f;

    private final VideoDataset dataset;
    private final PoseAugmentation augmentation;
    private final int batch;
    private final int k;
    private final long seed;
    private final boolean correspondence;
    private final boolean twins;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean closed;

    BatchLoader(VideoDataset dataset, PoseAugmentation augmentation, int batch, int k, long seed, long firstStep) {
        this(dataset, augmentation, batch, k, seed, firstStep, false);
    }

    /** @param correspondence also build what the warping renderer trains on (see {@link TrainingBatch.Correspondence}) */
    BatchLoader(VideoDataset dataset, PoseAugmentation augmentation, int batch, int k, long seed, long firstStep,
                boolean correspondence) {
        this(dataset, augmentation, batch, k, seed, firstStep, correspondence, false);
    }

    /**
     * @param twins also the target of each cross-driven sample distorted exactly as its pose frame
     *              ({@link TrainingBatch.Correspondence#twins}); draws the augmentation from its own seed
     */
    BatchLoader(VideoDataset dataset, PoseAugmentation augmentation, int batch, int k, long seed, long firstStep,
                boolean correspondence, boolean twins) {
        if (twins && !correspondence) {
            throw new IllegalArgumentException("twins are built only with the correspondence");
        }
        this.correspondence = correspondence;
        this.twins = twins;
        this.dataset = dataset;
        this.augmentation = augmentation;
        this.batch = batch;
        this.k = k;
        this.seed = seed;
        thread = new Thread(() -> produce(firstStep), "batch-loader");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(long step) {
        try {
            while (!closed) {
                queue.put(build(step++));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    TrainingBatch next() {
        try {
            Object o = queue.take();
            if (o instanceof RuntimeException e) {
                throw new IllegalStateException("building a training batch failed", e);
            }
            if (o instanceof Error e) {
                throw e;
            }
            return (TrainingBatch) o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    TrainingBatch build(long step) {
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + step);
        int s = dataset.imageSize();
        int plane = s * s;
        float[] identity = new float[batch * k * 3 * plane];
        float[] pose = new float[batch * 3 * plane];
        float[] target = new float[batch * 3 * plane];
        float[] mask = new float[batch * plane];
        int[] ids = new int[batch];
        float[] sourceMasks = correspondence ? new float[batch * k * plane] : null;
        float[] flows = correspondence ? new float[batch * k * 2 * plane] : null;
        float[] visible = correspondence ? new float[batch * k * plane] : null;
        float[] unlike = correspondence ? new float[batch * k * plane] : null;
        float[] regions = correspondence ? new float[batch * plane] : null;
        float[] expressions = correspondence ? new float[batch * HeadPose.EXPRESSIONS] : null;
        float[] expressionKnown = correspondence ? new float[batch] : null;
        float[] mouthOpening = correspondence ? new float[batch] : null;
        float[] crossDriven = correspondence ? new float[batch] : null;
        float[] twinFrames = twins ? new float[batch * 3 * plane] : null;
        for (int b = 0; b < batch; b++) {
            int video = rng.nextInt(dataset.videoCount());
            TrainingSample sample = correspondence ? dataset.sampleWithCorrespondence(video, k, rng)
                    : dataset.sample(video, k, rng);
            for (int i = 0; i < k; i++) {
                ImageTensors.putChw(sample.identityFrames().get(i), identity, (b * k + i) * 3 * plane);
            }
            long augmentationSeed = twins ? rng.nextLong() : 0;
            AugmentedSample a = augmentation.apply(sample.poseFrame(), sample.target(), sample.targetMask(),
                    twins ? new Random(augmentationSeed) : rng);
            ImageTensors.putChw(a.poseFrame(), pose, b * 3 * plane);
            if (twins) {
                // the same draws give the same shift, scale, colour, blur, noise, JPEG and elastic field
                RgbImage twin = sample.driver() == null ? a.poseFrame()
                        : augmentation.apply(sample.target(), sample.target(), sample.targetMask(),
                        new Random(augmentationSeed)).poseFrame();
                ImageTensors.putChw(twin, twinFrames, b * 3 * plane);
            }
            ImageTensors.putChw(a.target(), target, b * 3 * plane);
            ImageTensors.putMask(a.targetMask(), mask, b * plane);
            ids[b] = sample.videoIndex();
            if (correspondence) {
                putCorrespondence(sample, a, b, s, sourceMasks, flows, visible, unlike, regions);
                if (sample.targetExpression() != null) {
                    System.arraycopy(sample.targetExpression(), 0, expressions, b * HeadPose.EXPRESSIONS,
                            HeadPose.EXPRESSIONS);
                    expressionKnown[b] = 1f;
                    mouthOpening[b] = sample.targetLandmarks() == null ? 0f : MouthOpeningCritic.opening(sample.targetLandmarks());
                }
                crossDriven[b] = sample.driver() != null ? 1f : 0f;
            }
        }
        return new TrainingBatch(batch, k, s, identity, pose, target, mask, ids,
                correspondence ? new TrainingBatch.Correspondence(sourceMasks, flows, visible, unlike, regions, expressions,
                        expressionKnown, mouthOpening, crossDriven, twinFrames) : null);
    }

    /** Source masks, flows moved with the target, and region weights of sample b. */
    private void putCorrespondence(TrainingSample sample, AugmentedSample a, int b, int s, float[] sourceMasks,
                                   float[] flows, float[] visible, float[] unlike, float[] regions) {
        int plane = s * s;
        for (int i = 0; i < k; i++) {
            int src = (b * k + i) * plane;
            if (sample.identityMasks().isEmpty()) {
                java.util.Arrays.fill(sourceMasks, src, src + plane, 1f);
            } else {
                ImageTensors.putMask(sample.identityMasks().get(i), sourceMasks, src);
            }
            int flow = (b * k + i) * 2 * plane;
            if (sample.flows().isEmpty()) {
                // no ground truth (real video): identity flow, marked invisible so no loss reads it
                float[] id = io.reenact.model.layers.BilinearWarp.identityGrid(s, s);
                System.arraycopy(id, 0, flows, flow, 2 * plane);
                continue;
            }
            TrueFlow f = sample.flows().get(i).transformed(a.zoom(), a.shiftX(), a.shiftY());
            System.arraycopy(f.u(), 0, flows, flow, plane);
            System.arraycopy(f.v(), 0, flows, flow + plane, plane);
            System.arraycopy(f.visible(), 0, visible, src, plane);
            System.arraycopy(f.unlike(), 0, unlike, src, plane);
        }
        float[] lm = sample.targetLandmarks();
        if (lm != null) {
            lm = lm.clone();
            for (int j = 0; j < lm.length; j += 2) {
                float[] p = a.place(lm[j], lm[j + 1], s);
                lm[j] = p[0];
                lm[j + 1] = p[1];
            }
        }
        System.arraycopy(FaceRegions.weights(lm, s, REGION_GAIN), 0, regions, b * plane, plane);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
