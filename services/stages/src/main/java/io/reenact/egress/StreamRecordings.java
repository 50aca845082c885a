package io.reenact.egress;

import io.reenact.model.RgbImage;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MP4 recordings of output streams (driver | reenacted, H.264), started and stopped per stream.
 * A recording's size is fixed by the first frame it gets; frames of another size are skipped, and so
 * are frames a replay delivers again (Kafka delivers at least once; a recording takes each frame once).
 */
public final class StreamRecordings implements AutoCloseable {

    /** A finished or running recording. */
    public record Recording(String streamId, Path file, long frames) {
    }

    private final Path directory;
    private final double fps;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    private static final class Active {
        final Path file;
        Mp4Recorder recorder;
        int size;
        /** The last frame written: a stream's frames arrive in order, so one not after it is a replay. */
        long lastCaptureMs = Long.MIN_VALUE;
        long lastSequence = Long.MIN_VALUE;

        /** Capture time first: a source that reconnects numbers its frames from 0 again, later. */
        boolean isReplay(ReenactedFrame frame) {
            return frame.getCaptureTimeMs() < lastCaptureMs
                    || frame.getCaptureTimeMs() == lastCaptureMs && frame.getSequence() <= lastSequence;
        }

        Active(Path file) {
            this.file = file;
        }
    }

    public StreamRecordings(Path directory, double fps) {
        this.directory = directory;
        this.fps = fps;
    }

    /** Starts recording {@code streamId} from its next frame; a running recording is kept. */
    public Recording start(String streamId) {
        String safe = streamId.replaceAll("[^A-Za-z0-9._-]", "_");
        Active a = active.computeIfAbsent(streamId,
                id -> new Active(directory.resolve(safe + "-" + System.currentTimeMillis() + ".mp4")));
        return new Recording(streamId, a.file, a.recorder == null ? 0 : a.recorder.frames());
    }

    /** Finishes the file; empty when the stream was not being recorded. */
    public Optional<Recording> stop(String streamId) throws IOException {
        Active a = active.remove(streamId);
        if (a == null) {
            return Optional.empty();
        }
        synchronized (a) {
            long frames = 0;
            if (a.recorder != null) {
                frames = a.recorder.frames();
                a.recorder.close();
            }
            return Optional.of(new Recording(streamId, a.file, frames));
        }
    }

    public boolean recording(String streamId) {
        return active.containsKey(streamId);
    }

    /** Appends the frame when its stream is being recorded. */
    public void accept(ReenactedFrame frame) throws IOException {
        Active a = active.get(frame.getStreamId());
        if (a == null || a.isReplay(frame)) {
            // an at-least-once replay (a stage restarted before committing) re-delivers frames already written
            return;
        }
        RgbImage reenacted = ImageCodecs.decodeFrame(frame.getEncoding(), bytes(frame.getImage()), frame.getWidth(),
                frame.getHeight(), FrameLimits.DEFAULT);
        if (reenacted.width() != reenacted.height() || reenacted.width() % 2 != 0) {
            return; // H.264 4:2:0 needs even sizes; the pipeline's frames are square and even
        }
        RgbImage driver = frame.getDriver() == null ? null : ImageCodecs.decodeRgb(bytes(frame.getDriver()), "driver JPEG");
        if (driver != null && (driver.width() != reenacted.width() || driver.height() != reenacted.height())) {
            driver = null;
        }
        synchronized (a) {
            if (a.recorder == null) {
                a.size = reenacted.width();
                a.recorder = new Mp4Recorder(a.file, a.size, 2, fps);
            }
            if (reenacted.width() == a.size && !a.isReplay(frame)) {
                a.recorder.record(driver, reenacted);
                a.lastCaptureMs = frame.getCaptureTimeMs();
                a.lastSequence = frame.getSequence();
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        for (String id : active.keySet()) {
            stop(id);
        }
    }
}
