package io.reenact.ingest;

import io.reenact.model.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Moves frames from one {@link DriverSource} to the publisher for one stream id: numbers them,
 * stamps their capture time and paces them. Runs on the caller's thread until the source ends,
 * fails, {@code maxFrames} were sent, or {@link #stop()} is called.
 */
public final class SourcePump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePump.class);

    private final String streamId;
    private final DriverSource source;
    private final DriverFramePublisher publisher;
    private final Pacing pacing;
    private final long maxFrames;
    private final Consumer<RgbImage> tap;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile Exception failure;

    /**
     * @param maxFrames stop after this many frames (&lt;= 0: until the source ends)
     * @param tap sees every frame as it is published (the demo's recorder keeps the driver), may be null
     */
    public SourcePump(String streamId, DriverSource source, DriverFramePublisher publisher, Pacing pacing,
                      long maxFrames, Consumer<RgbImage> tap) {
        this.streamId = streamId;
        this.source = source;
        this.publisher = publisher;
        this.pacing = pacing;
        this.maxFrames = maxFrames;
        this.tap = tap;
    }

    @Override
    public void run() {
        try {
            long sequence = 0;
            while (!stopped && (maxFrames <= 0 || sequence < maxFrames)) {
                pacing.awaitFrame(sequence);
                RgbImage image = source.next();
                if (image == null) {
                    break;
                }
                if (tap != null) {
                    tap.accept(image);
                }
                publisher.publish(DriverFramePublisher.frame(streamId, sequence, image, System.currentTimeMillis(),
                        source.lastFace()));
                sequence++;
                sent = sequence;
            }
            publisher.flush();
            LOG.info("stream {}: {} frames from {} published", streamId, sent, source.describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.error("stream {}: source {} failed after {} frames: {}", streamId, source.describe(), sent, e.getMessage());
        } finally {
            source.close();
        }
    }

    public void stop() {
        stopped = true;
    }

    public long sent() {
        return sent;
    }

    /** Why the pump ended early, or null. */
    public Exception failure() {
        return failure;
    }

    public String streamId() {
        return streamId;
    }
}
