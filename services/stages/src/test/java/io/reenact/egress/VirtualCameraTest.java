package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualCameraTest {

    @Test
    void ffmpegHasTheV4l2OutputFormat() {
        AVOutputFormat format = VirtualCamera.outputFormat();
        assertNotNull(format, "avdevice has no v4l2 muxer (is libpulse0 installed?)");
        assertTrue(format.name().getString().contains("v4l2"), format.name().getString());
        assertTrue(VirtualCamera.outputFormatAvailable());
    }

    @Test
    void aPathThatIsNotALoopbackDeviceIsAClearError(@TempDir Path dir) throws Exception {
        IOException missing = assertThrows(IOException.class,
                () -> VirtualCamera.open(dir.resolve("video99"), 64, 64, 25));
        assertTrue(missing.getMessage().contains("modprobe v4l2loopback"), missing.getMessage());
        // FFmpeg's v4l2 muxer really opens the file and asks it for its format, which a plain file refuses
        Path plain = Files.createFile(dir.resolve("not-a-device"));
        IOException refused = assertThrows(IOException.class, () -> VirtualCamera.open(plain, 64, 64, 25));
        assertTrue(refused.getMessage().contains("not-a-device"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VirtualCamera.open(plain, 63, 64, 25));
    }

    /** Needs a v4l2loopback device: {@code modprobe v4l2loopback exclusive_caps=1} (root, a kernel with the module). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void framesWrittenToTheLoopbackDeviceCanBeCapturedFromIt() throws Exception {
        List<Path> devices = VirtualCamera.loopbackDevices();
        Assumptions.assumeTrue(!devices.isEmpty(), "no v4l2loopback device on this machine "
                + "(load the module with 'modprobe v4l2loopback exclusive_caps=1'); skipped");
        Path device = devices.get(0);
        LiveFrames frames = LiveFrames.megamind(25);
        try (VirtualCamera camera = VirtualCamera.open(device, LiveFrames.SIZE, LiveFrames.SIZE, 25)) {
            // a reader of a loopback device waits for the writer's next frame (also while FFmpeg
            // probes the stream on start): keep writing at 25 frames/s while capturing
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        camera.write(frames.driver(i));
                        Thread.sleep(40);
                    }
                } catch (InterruptedException stop) {
                    // the capture is done
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "virtual-camera-writer");
            writer.start();
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(device.toString())) {
                grabber.setFormat("video4linux2");
                grabber.start();
                assertEquals(LiveFrames.SIZE, grabber.getImageWidth());
                assertEquals(LiveFrames.SIZE, grabber.getImageHeight());
                for (int i = 0; i < 5; i++) {
                    assertNotNull(grabber.grabImage(), "frame " + i + " came out of " + device);
                }
            } finally {
                writer.interrupt();
                writer.join(5_000);
            }
            assertTrue(camera.frames() >= 5, camera.frames() + " frames written");
            assertThrows(IllegalArgumentException.class, () -> camera.write(RgbImage.blank(32, 32)));
        }
    }
}
