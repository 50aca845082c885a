package io.reenact.egress;

import io.reenact.model.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * One started FFmpeg encoder with its RGB24 picture buffer: what the MP4, the push and the virtual
 * camera share. Not thread-safe; its owners synchronise.
 */
final class EncoderOutput implements AutoCloseable {

    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final String name;
    private long frames;
    private boolean closed;

    private EncoderOutput(FFmpegFrameRecorder recorder, String name) {
        this.recorder = recorder;
        this.name = name;
        this.frame = new Frame(recorder.getImageWidth(), recorder.getImageHeight(), Frame.DEPTH_UBYTE, 3);
    }

    /**
     * Starts a configured encoder; when it cannot start, releases it and fails with {@code failure}.
     *
     * @param name what the output is, for later errors ("push to rtmp://…")
     */
    static EncoderOutput start(FFmpegFrameRecorder recorder, String name, String failure) throws IOException {
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // the start failure is the error worth reporting
            }
            throw new IOException(failure + ": " + e.getMessage(), e);
        }
        return new EncoderOutput(recorder, name);
    }

    /**
     * Copies {@code image} into the picture at column {@code x}; FFmpeg's rows may be padded, so row
     * by row. A null image leaves black.
     */
    void place(RgbImage image, int x, int width, int height) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        byte[] black = image == null ? new byte[width * 3] : null;
        for (int y = 0; y < height; y++) {
            buffer.position(y * stride + x * 3);
            if (image != null) {
                buffer.put(image.pixels(), y * width * 3, width * 3);
            } else {
                buffer.put(black);
            }
        }
        buffer.position(0);
    }

    /** Encodes the picture as the next frame. */
    void record() throws IOException {
        recordAt(-1);
    }

    /** Encodes the picture at frame slot {@code slot} (its timestamp in frame periods); -1: the next one. */
    void recordAt(long slot) throws IOException {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        try {
            if (slot >= 0) {
                recorder.setFrameNumber((int) slot);
            }
            recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw new IOException(name + " failed at frame " + frames + ": " + e.getMessage(), e);
        }
        frames++;
    }

    long frames() {
        return frames;
    }

    boolean isClosed() {
        return closed;
    }

    /** Flushes and closes the encoder (trailers, connection); a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("closing " + name + " failed: " + e.getMessage(), e);
        }
    }
}
