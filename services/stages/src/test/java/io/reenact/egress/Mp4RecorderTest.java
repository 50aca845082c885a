package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mp4RecorderTest {

    @Test
    void writesOneH264FramePerRecordWithThePanelsSideBySide(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/side-by-side.mp4");
        RgbImage grey = uniform(64, 60);
        RgbImage bright = uniform(64, 230);
        try (Mp4Recorder recorder = new Mp4Recorder(file, 64, 2, 25)) {
            for (int i = 0; i < 17; i++) {
                recorder.record(grey, bright);
            }
            assertEquals(17, recorder.frames());
        }
        assertTrue(Files.size(file) > 0);

        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            assertEquals(128, grabber.getImageWidth());
            assertEquals(64, grabber.getImageHeight());
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertEquals(17, frames);
        }
    }

    @Test
    void nullPanelsAreBlackAndWrongSizesAreRefused(@TempDir Path dir) throws Exception {
        try (Mp4Recorder recorder = new Mp4Recorder(dir.resolve("a.mp4"), 32, 2, 25)) {
            recorder.record(uniform(32, 100), null);
            assertThrows(IllegalArgumentException.class, () -> recorder.record(uniform(16, 1), uniform(32, 1)));
            assertThrows(IllegalArgumentException.class, () -> recorder.record(uniform(32, 1)));
            assertEquals(1, recorder.frames());
        }
    }

    static RgbImage uniform(int size, int value) {
        byte[] p = new byte[size * size * 3];
        java.util.Arrays.fill(p, (byte) value);
        return new RgbImage(size, size, p);
    }
}
