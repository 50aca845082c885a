package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What every FFmpeg-backed output (MP4, push, virtual camera) does alike with its encoder and frame buffer. */
final class RecorderFrames {

    private RecorderFrames() {
    }

    /**
     * Copies {@code image} into the RGB24 {@code frame} at column {@code x}; FFmpeg's rows may be
     * padded, so row by row. A null image leaves black.
     */
    static void copy(RgbImage image, Frame frame, int x, int width, int height) {
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

    /** Starts the encoder, or releases it and reports {@code what} could not be opened. */
    static void start(FFmpegFrameRecorder recorder, String what) throws IOException {
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // the start failure is the error worth reporting
            }
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }
}
