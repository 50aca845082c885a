package io.reenact.segment;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.vision.mask.SelfieSegmenter;

/**
 * The segment stage's network for real frames: MediaPipe's selfie segmentation. The shipped
 * synthetic-trained segmenter only knows rendered heads; a webcam or file driver needs this one.
 *
 * <p>One TFLite interpreter per stream thread: an interpreter serves one call at a time, so
 * sharing one would serialise every thread of the stage behind it.
 */
public final class SelfieFrameSegmenter implements FrameSegmenter, AutoCloseable {

    private final int threads;
    private final String modelVersion;
    private final ThreadLocal<SelfieSegmenter> perThread;
    private final java.util.Queue<SelfieSegmenter> opened = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** @param threads TFLite threads per interpreter */
    public SelfieFrameSegmenter(int threads) {
        this.threads = threads;
        SelfieSegmenter first = open();
        this.modelVersion = first.modelVersion();
        SelfieSegmenter[] handOver = {first};
        this.perThread = ThreadLocal.withInitial(() -> {
            synchronized (handOver) {
                // the instance opened to learn the version serves the first thread that asks
                SelfieSegmenter s = handOver[0];
                handOver[0] = null;
                return s != null ? s : open();
            }
        });
    }

    private SelfieSegmenter open() {
        SelfieSegmenter s = SelfieSegmenter.open(SelfieSegmenter.Variant.GENERAL, threads, SelfieSegmenter.Fit.STRETCH);
        opened.add(s);
        return s;
    }

    @Override
    public Mask segment(RgbImage frame) {
        return perThread.get().segment(frame);
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public void close() {
        SelfieSegmenter s;
        while ((s = opened.poll()) != null) {
            s.close();
        }
    }
}
