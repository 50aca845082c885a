package io.reenact.model.train;

import io.reenact.model.augment.AugmentedSample;
import io.reenact.model.augment.PoseAugmentation;
import io.reenact.model.data.TrainingSample;
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

    private final VideoDataset dataset;
    private final PoseAugmentation augmentation;
    private final int batch;
    private final int k;
    private final long seed;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean closed;

    BatchLoader(VideoDataset dataset, PoseAugmentation augmentation, int batch, int k, long seed, long firstStep) {
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
        for (int b = 0; b < batch; b++) {
            int video = rng.nextInt(dataset.videoCount());
            TrainingSample sample = dataset.sample(video, k, rng);
            for (int i = 0; i < k; i++) {
                ImageTensors.putChw(sample.identityFrames().get(i), identity, (b * k + i) * 3 * plane);
            }
            AugmentedSample a = augmentation.apply(sample.target(), sample.target(), sample.targetMask(), rng);
            ImageTensors.putChw(a.poseFrame(), pose, b * 3 * plane);
            ImageTensors.putChw(a.target(), target, b * 3 * plane);
            ImageTensors.putMask(a.targetMask(), mask, b * plane);
            ids[b] = sample.videoIndex();
        }
        return new TrainingBatch(batch, k, s, identity, pose, target, mask, ids);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
