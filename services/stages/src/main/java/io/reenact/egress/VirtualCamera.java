package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes live frames to a v4l2loopback device, which video-call apps (Zoom, Meet, Teams, OBS) then
 * list as a webcam. Raw YUV 4:2:0, the format every one of them reads.
 *
 * <p>The device comes from the kernel module, loaded once by root:
 * {@code modprobe v4l2loopback exclusive_caps=1 card_label="Reenact"} ({@code exclusive_caps=1}
 * makes Chrome-based apps accept it as a capture device).
 */
public final class VirtualCamera implements VideoSink {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final Path device;
    private final EncoderOutput output;
    private final int width;
    private final int height;

    private VirtualCamera(Path device, EncoderOutput output, int width, int height) {
        this.device = device;
        this.output = output;
        this.width = width;
        this.height = height;
    }

    /** True when this FFmpeg build can write to v4l2 devices (its avdevice library loaded and has the muxer). */
    public static boolean outputFormatAvailable() {
        return outputFormat() != null;
    }

    static AVOutputFormat outputFormat() {
        avdevice.avdevice_register_all();
        return avformat.av_guess_format("v4l2", null, null);
    }

    /** The v4l2loopback devices of this machine, e.g. /dev/video10; empty when the module is not loaded. */
    public static List<Path> loopbackDevices() {
        Path classDir = Path.of("/sys/class/video4linux");
        List<Path> devices = new ArrayList<>();
        if (!Files.isDirectory(Path.of("/sys/module/v4l2loopback")) || !Files.isDirectory(classDir)) {
            return devices;
        }
        try (Stream<Path> entries = Files.list(classDir)) {
            for (Path entry : entries.sorted().toList()) {
                // loopback devices have no hardware parent: they live under /sys/devices/virtual
                if (entry.toRealPath().toString().contains("/virtual/")) {
                    Path dev = Path.of("/dev").resolve(entry.getFileName().toString());
                    if (Files.exists(dev)) {
                        devices.add(dev);
                    }
                }
            }
        } catch (IOException e) {
            return devices;
        }
        return devices;
    }

    /** Opens {@code device} for frames of {@code width x height}. */
    public static VirtualCamera open(Path device, int width, int height, double fps) throws IOException {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("yuv420p needs even, positive sizes: " + width + "x" + height);
        }
        if (!Files.exists(device)) {
            throw new IOException(device + " does not exist; load the module with "
                    + "'modprobe v4l2loopback exclusive_caps=1' and use the /dev/videoN it creates");
        }
        if (!outputFormatAvailable()) {
            throw new IOException("this FFmpeg has no v4l2 output (avdevice needs libpulse.so.0: install libpulse0)");
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(device.toString(), width, height, 0);
        recorder.setFormat("v4l2");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        EncoderOutput output = EncoderOutput.start(recorder, "virtual camera " + device,
                "cannot open " + device + " as a v4l2 output (is it a v4l2loopback device?)");
        return new VirtualCamera(device, output, width, height);
    }

    public Path device() {
        return device;
    }

    @Override
    public synchronized void write(RgbImage image) throws IOException {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame is " + image.width() + "x" + image.height() + ", the camera is "
                    + width + "x" + height);
        }
        output.place(image, 0, width, height);
        output.record();
    }

    @Override
    public synchronized long frames() {
        return output.frames();
    }

    @Override
    public synchronized void close() throws IOException {
        output.close();
    }

    @Override
    public String toString() {
        return "virtual camera " + device + " " + width + "x" + height;
    }
}
