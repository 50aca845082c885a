package io.reenact.cli;

import io.reenact.egress.Mp4Recorder;
import io.reenact.model.RgbImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's MP4: one video frame per driver frame, driver | reenacted, in sequence order.
 *
 * <p>Reenacted frames of one stream arrive in order (one partition per stream), so a frame that
 * arrives with sequence s means every earlier missing one was dropped or dead-lettered: those are
 * written with the last reenacted picture held (a viewer would have seen exactly that). Driver
 * frames wait here only until their reenacted partner arrives, so memory stays bounded by the
 * pipeline's latency, not by the video's length.
 */
final class SideBySideRecording implements AutoCloseable {

    private final Mp4Recorder recorder;
    private final Map<Long, RgbImage> drivers = new ConcurrentHashMap<>();
    private final int size;
    private long nextToWrite;
    private RgbImage lastReenacted;
    private long held;

    SideBySideRecording(Path file, int size, double fps) throws IOException {
        this.size = size;
        this.recorder = new Mp4Recorder(file, size, 2, fps);
    }

    /** A driver frame was published. */
    void driver(long sequence, RgbImage image) {
        drivers.put(sequence, image);
    }

    /** A reenacted frame came out of the pipeline. */
    synchronized void reenacted(long sequence, RgbImage image) throws IOException {
        if (sequence < nextToWrite) {
            return; // a duplicate after a retry: already written
        }
        while (nextToWrite < sequence) {
            writeHeld(nextToWrite++);
        }
        RgbImage driver = drivers.remove(sequence);
        recorder.record(driver, image);
        lastReenacted = image;
        nextToWrite = sequence + 1;
    }

    /** Writes the frames that never came out, up to {@code totalFrames}, and closes the file. */
    synchronized void finish(long totalFrames) throws IOException {
        while (nextToWrite < totalFrames) {
            writeHeld(nextToWrite++);
        }
        recorder.close();
    }

    private void writeHeld(long sequence) throws IOException {
        RgbImage driver = drivers.remove(sequence);
        recorder.record(driver, lastReenacted != null ? lastReenacted : RgbImage.blank(size, size));
        held++;
    }

    synchronized long frames() {
        return recorder.frames();
    }

    /** Frames written without a reenacted partner (dropped or dead-lettered upstream). */
    synchronized long held() {
        return held;
    }

    @Override
    public void close() throws IOException {
        recorder.close();
    }
}
