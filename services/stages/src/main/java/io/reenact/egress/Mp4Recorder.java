package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an H.264 MP4 of panels placed side by side (driver | reenacted, or any number of equal-height
 * panels). One call of {@link #record} is one video frame, so the file has exactly as many frames as
 * were recorded, whatever the wall-clock timing of the pipeline.
 */
public final class Mp4Recorder implements AutoCloseable {

    static {
        // x264 prints its settings and statistics for every file; only errors are worth a line
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final EncoderOutput output;
    private final int panelSize;
    private final int panels;

    public Mp4Recorder(Path file, int panelSize, int panels, double fps) throws IOException {
        if (panelSize % 2 != 0) {
            throw new IllegalArgumentException("H.264 with yuv420p needs an even size: " + panelSize);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.panelSize = panelSize;
        this.panels = panels;
        int width = panelSize * panels;
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, panelSize, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        // ultrafast keeps encoding far below a frame's budget; crf 20 keeps faces sharp at 128 px
        recorder.setVideoOption("preset", "ultrafast");
        recorder.setVideoOption("crf", "20");
        // moov atom first: the file plays while still being downloaded
        recorder.setOption("movflags", "+faststart");
        output = EncoderOutput.start(recorder, "MP4 " + file, "cannot start the MP4 encoder for " + file);
    }

    /** Appends one frame made of {@code images} left to right; null panels stay black. */
    public synchronized void record(RgbImage... images) throws IOException {
        if (images.length != panels) {
            throw new IllegalArgumentException("expected " + panels + " panels, got " + images.length);
        }
        for (int i = 0; i < panels; i++) {
            RgbImage image = images[i];
            if (image != null && (image.width() != panelSize || image.height() != panelSize)) {
                throw new IllegalArgumentException("panel " + i + " is " + image.width() + "x" + image.height()
                        + ", expected " + panelSize + "x" + panelSize);
            }
            output.place(image, i * panelSize, panelSize, panelSize);
        }
        output.record();
    }

    public synchronized long frames() {
        return output.frames();
    }

    @Override
    public synchronized void close() throws IOException {
        output.close();
    }
}
