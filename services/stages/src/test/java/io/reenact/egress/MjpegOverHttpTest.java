package io.reenact.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MJPEG URL as OBS and other players use it: FFmpeg's own HTTP client and multipart demuxer
 * (the code OBS's media source runs) must read the live stream.
 */
class MjpegOverHttpTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ffprobeReadsTheLiveStreamAndFfmpegPullsFrames(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(24);
        LiveViews views = new LiveViews(Compositor.overColour(0, 255, 0));
        try (ViewerServer server = ViewerServer.start(0, views);
             LiveFrames.Feeder feeder = frames.feed("cam-2", 20, views::accept)) {
            String url = "http://127.0.0.1:" + server.port() + "/streams/cam-2/mjpeg";

            Map<String, String> probe = ExternalTools.probeVideo(url, false);
            assertEquals("mjpeg", probe.get("codec_name"), probe.toString());
            assertEquals(String.valueOf(LiveFrames.SIZE), probe.get("width"), probe.toString());
            assertEquals(String.valueOf(LiveFrames.SIZE), probe.get("height"), probe.toString());

            Map<String, String> mask = ExternalTools.probeVideo(url + "?panel=mask", false);
            assertEquals("mjpeg", mask.get("codec_name"), mask.toString());

            // pull 30 frames as they come and keep them as they were sent (no re-encoding)
            Path pulled = dir.resolve("pulled.mjpeg");
            ExternalTools.run(60, List.of("ffmpeg", "-v", "error", "-y", "-i", url, "-frames:v", "30",
                    "-c", "copy", "-f", "mjpeg", pulled.toString()));
            assertTrue(Files.size(pulled) > 30 * 1000, "30 JPEGs of a real picture");
            Map<String, String> back = ExternalTools.probeVideo(pulled.toString(), true);
            assertEquals("30", back.get("nb_read_frames"), back.toString());
            assertEquals(String.valueOf(LiveFrames.SIZE), back.get("width"), back.toString());
        }
    }
}
