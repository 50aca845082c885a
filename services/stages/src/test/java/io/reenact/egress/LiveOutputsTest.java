package io.reenact.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveOutputsTest {

    /**
     * The configured output end to end: one stream out of two, keyed over green, scaled to 256,
     * pushed over RTMP to a server that comes up only after the pipeline started sending.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sendsTheChosenStreamCompositedAndReconnectsWhenTheServerAppears(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(30);
        int port = ExternalTools.freePort();
        String url = "rtmp://127.0.0.1:" + port + "/live/out";
        Path received = dir.resolve("received.flv");
        Path log = dir.resolve("server.log");
        Process server = null;
        try (LiveOutputs outputs = new LiveOutputs("cam-b", Compositor.parse("colour:#00ff00"), 256,
                Map.of("rtmp", (w, h) -> StreamPush.open(url, w, h, 25)));
             LiveFrames.Feeder a = frames.feed("cam-a", 25, outputs::accept);
             LiveFrames.Feeder b = frames.feed("cam-b", 25, outputs::accept)) {
            Thread.sleep(1_000); // nothing listens yet: the push fails and is retried
            assertEquals(0L, outputs.framesSent().get("rtmp"));
            server = ExternalTools.start(List.of("ffmpeg", "-v", "error", "-y", "-listen", "1", "-i", url,
                    "-c", "copy", received.toString()), log);
            long until = System.currentTimeMillis() + 30_000;
            while (outputs.framesSent().get("rtmp") < 40 && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertTrue(outputs.framesSent().get("rtmp") >= 40, "sent " + outputs.framesSent() + "\n" + Files.readString(log));
            assertEquals("cam-b", outputs.stream());
        }
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "closing the outputs ends the stream: " + Files.readString(log));
        Map<String, String> probe = ExternalTools.probeVideo(received.toString(), true);
        assertEquals("h264", probe.get("codec_name"), probe.toString());
        assertEquals("256", probe.get("width"), probe.toString());
        assertTrue(Integer.parseInt(probe.get("nb_read_frames")) >= 40, probe.toString());

        Path png = dir.resolve("frame.png");
        ExternalTools.run(30, List.of("ffmpeg", "-v", "error", "-y", "-i", received.toString(), "-frames:v", "1",
                png.toString()));
        BufferedImage frame = ImageIO.read(png.toFile());
        int corner = frame.getRGB(8, 8);
        assertTrue((corner >> 8 & 0xff) > 200 && (corner >> 16 & 0xff) < 60 && (corner & 0xff) < 60,
                "outside the head the key colour: " + Integer.toHexString(corner));
        int centre = frame.getRGB(128, 128);
        assertTrue((centre >> 8 & 0xff) < 200 || (centre >> 16 & 0xff) > 60, "inside the head the person: "
                + Integer.toHexString(centre));
    }

    /** A server killed mid-stream and started again: the push is reopened and frames flow to the new one. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aServerThatDiesIsReconnectedToWhenItComesBack(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(10);
        int port = ExternalTools.freePort();
        String url = "rtmp://127.0.0.1:" + port + "/live/out";
        Path before = dir.resolve("before.flv");
        Path after = dir.resolve("after.flv");
        Process first = server(url, before, dir.resolve("first.log"));
        Process second = null;
        try (LiveOutputs outputs = new LiveOutputs(null, null, 0,
                Map.of("rtmp", (w, h) -> StreamPush.open(url, w, h, 25)));
             LiveFrames.Feeder a = frames.feed("first", 25, outputs::accept)) {
            Thread.sleep(200);
            try (LiveFrames.Feeder b = frames.feed("second", 25, outputs::accept)) {
                waitForFrames(outputs, 20);
                assertEquals("first", outputs.stream(), "with no stream named, the first one seen is sent");
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                second = server(url, after, dir.resolve("second.log"));
                Map<String, String> probe = Map.of();
                long until = System.currentTimeMillis() + 40_000;
                while (!probe.containsKey("nb_read_frames") && System.currentTimeMillis() < until) {
                    Thread.sleep(500);
                    probe = probeQuietly(after);
                }
                assertEquals("h264", probe.get("codec_name"), "the second server gets the stream: " + probe + "\n"
                        + Files.readString(dir.resolve("second.log")));
                assertTrue(Integer.parseInt(probe.get("nb_read_frames")) > 0, probe.toString());
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                ExternalTools.stop(second);
            }
        }
        assertEquals(LiveFrames.SIZE, Integer.parseInt(ExternalTools.probeVideo(after.toString(), false).get("width")));
        assertThrows(IllegalArgumentException.class, () -> new LiveOutputs(null, null, 255, Map.of()));
        assertTrue(!new LiveOutputs(null, null, 0, Map.of()).enabled());
    }

    private static Process server(String url, Path out, Path log) throws IOException {
        return ExternalTools.start(List.of("ffmpeg", "-v", "error", "-y", "-listen", "1", "-i", url,
                "-c", "copy", "-flush_packets", "1", out.toString()), log);
    }

    private static void waitForFrames(LiveOutputs outputs, long n) throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        while (outputs.framesSent().get("rtmp") < n && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertTrue(outputs.framesSent().get("rtmp") >= n, "sent " + outputs.framesSent());
    }

    /** ffprobe of a file still being written: empty until it holds a decodable frame. */
    private static Map<String, String> probeQuietly(Path file) {
        try {
            return Files.exists(file) ? ExternalTools.probeVideo(file.toString(), true) : Map.of();
        } catch (Exception | AssertionError notYet) {
            return Map.of();
        }
    }
}
