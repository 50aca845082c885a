package io.reenact.ingest;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Webcams through FFmpeg's V4L2 input (libavdevice, which needs libpulse to load). */
class V4l2SourceTest {

    @Test
    void ffmpegHasTheV4l2InputFormat() throws Exception {
        FFmpegFrameGrabber.tryLoad(); // loads libavdevice and registers its formats
        AVInputFormat v4l2 = avformat.av_find_input_format(VideoSource.V4L2_FORMAT);
        assertNotNull(v4l2, "FFmpeg has no video4linux2 input: libavdevice did not load (is libpulse0 installed?)");
        assertTrue(v4l2.name().getString().contains("video4linux2"), v4l2.name().getString());
        assertNotNull(avformat.av_find_input_format("v4l2"), "the short alias");
    }

    @Test
    void v4l2UrlsAndDeviceFilesNameACaptureDevice() {
        assertEquals(VideoSource.Kind.DEVICE, VideoSource.kindOf("v4l2:///dev/video0"));
        assertEquals(VideoSource.Kind.DEVICE, VideoSource.kindOf("/dev/video2"));
        assertEquals("/dev/video0", VideoSource.devicePath("v4l2:///dev/video0"));
        assertEquals("/dev/video2", VideoSource.devicePath("/dev/video2"));
        assertEquals(VideoSource.Kind.NETWORK, VideoSource.kindOf("rtsp://cam/1"));
        assertEquals(VideoSource.Kind.FILE, VideoSource.kindOf("clip.mp4"));
        assertEquals("/dev/v4l/by-id/usb-Cam-video-index0", VideoSource.devicePath("v4l2:///dev/v4l/by-id/usb-Cam-video-index0"));
        assertThrows(IllegalArgumentException.class, () -> VideoSource.devicePath("v4l2://etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> VideoSource.devicePath("v4l2:///dev/sda"));
        assertThrows(IllegalArgumentException.class, () -> VideoSource.devicePath("v4l2:///dev/video0/../sda"));
        assertThrows(IllegalArgumentException.class, () -> VideoSource.devicePath("v4l2:///dev/v4l/by-id/.."));
    }

    @Test
    void aMissingDeviceIsAClearError() throws IOException {
        String absent = "/dev/video" + (99 + captureDevices().size());
        SourceFailedException e = assertThrows(SourceFailedException.class,
                () -> VideoSource.open("v4l2://" + absent, 64, ReconnectPolicy.never(Duration.ofSeconds(2))));
        assertTrue(e.getMessage().contains("no capture device " + absent), e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readsFramesFromAnAttachedWebcam() throws IOException {
        Optional<Path> device = captureDevices().stream().findFirst();
        assumeTrue(device.isPresent(), "no /dev/video* capture device on this machine: the webcam read is not exercised");
        try (VideoSource source = VideoSource.open("v4l2://" + device.get(), 64,
                new ReconnectPolicy(1, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(5)))) {
            assertTrue(source.frameRate() > 0);
            for (int i = 0; i < 10; i++) {
                RgbImage frame = source.next();
                assertNotNull(frame, "frame " + i + " from " + device.get());
                assertEquals(64, frame.width());
                assertEquals(64, frame.height());
            }
        }
    }

    private static List<Path> captureDevices() throws IOException {
        Path dev = Path.of("/dev");
        try (Stream<Path> files = Files.list(dev)) {
            return files.filter(p -> p.getFileName().toString().matches("video\\d+")).sorted().toList();
        }
    }
}
