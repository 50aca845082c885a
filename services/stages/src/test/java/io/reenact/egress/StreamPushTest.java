package io.reenact.egress;

import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RTMP and SRT pushes received by Debian's ffmpeg in its server/listener mode, in a separate process
 * (FFmpeg's open calls share one lock per JVM, so a listener in this JVM would block the push), then
 * read back with ffprobe.
 */
class StreamPushTest {

    private static final int FRAMES = 50;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rtmpPushArrivesAsH264InFlv(@TempDir Path dir) throws Exception {
        int port = ExternalTools.freePort();
        Path received = dir.resolve("received.flv");
        String url = "rtmp://127.0.0.1:" + port + "/live/studio";
        Process server = ExternalTools.start(List.of("ffmpeg", "-v", "error", "-y", "-listen", "1", "-i", url,
                "-c", "copy", received.toString()), dir.resolve("server.log"));
        try {
            pushFrames(url, dir.resolve("server.log"));
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server ends when the push ends: "
                    + Files.readString(dir.resolve("server.log")));
        } finally {
            ExternalTools.stop(server);
        }
        assertReceived(received, "flv");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void srtPushArrivesAsH264InMpegTs(@TempDir Path dir) throws Exception {
        int port = ExternalTools.freePort();
        Path received = dir.resolve("received.ts");
        Process listener = ExternalTools.start(List.of("ffmpeg", "-v", "error", "-y", "-i",
                "srt://127.0.0.1:" + port + "?mode=listener", "-c", "copy", "-f", "mpegts", received.toString()),
                dir.resolve("listener.log"));
        try {
            pushFrames("srt://127.0.0.1:" + port + "?mode=caller", dir.resolve("listener.log"));
            // an SRT listener may not notice the caller left until its peer idle timeout: end it ourselves
            listener.waitFor(5, TimeUnit.SECONDS);
        } finally {
            ExternalTools.stop(listener);
        }
        assertReceived(received, "mpegts");
    }

    @Test
    void refusesUrlsItCannotPushToAndReportsAnAbsentServer() throws Exception {
        assertEquals("flv", StreamPush.containerFor("rtmp://host/app/key"));
        assertEquals("mpegts", StreamPush.containerFor("srt://host:9000?streamid=x"));
        assertThrows(IllegalArgumentException.class, () -> StreamPush.containerFor("http://host/x"));
        assertThrows(IllegalArgumentException.class, () -> StreamPush.containerFor("/tmp/out.flv"));
        assertThrows(IllegalArgumentException.class, () -> StreamPush.open("rtmp://127.0.0.1:1/a/b", 127, 128, 25));
        int closedPort = ExternalTools.freePort();
        IOException e = assertThrows(IOException.class,
                () -> StreamPush.open("rtmp://127.0.0.1:" + closedPort + "/live/x", 64, 64, 25));
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatAcceptsButNeverAnswersFailsTheOpenAfterTheIoTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket ignored = silent.accept()) {
                    Thread.sleep(60_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThrows(IOException.class,
                    () -> StreamPush.open("rtmp://127.0.0.1:" + silent.getLocalPort() + "/live/x", 64, 64, 25));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "gave up after " + seconds + " s");
            acceptor.interrupt();
        }
    }

    /** Pushes {@link #FRAMES} real frames, retrying the connection until the receiver listens. */
    private static void pushFrames(String url, Path receiverLog) throws Exception {
        LiveFrames frames = LiveFrames.megamind(FRAMES);
        try (StreamPush push = connect(url, receiverLog)) {
            for (int i = 0; i < FRAMES; i++) {
                RgbImage image = frames.driver(i);
                push.write(image);
                Thread.sleep(40);
            }
            assertEquals(FRAMES, push.frames());
            assertThrows(IllegalArgumentException.class, () -> push.write(RgbImage.blank(64, 64)));
        }
    }

    private static StreamPush connect(String url, Path receiverLog) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                return StreamPush.open(url, LiveFrames.SIZE, LiveFrames.SIZE, 25);
            } catch (IOException notListeningYet) {
                if (System.currentTimeMillis() > until) {
                    throw new AssertionError("no receiver at " + url + ": " + Files.readString(receiverLog), notListeningYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void assertReceived(Path file, String container) throws Exception {
        assertTrue(Files.exists(file) && Files.size(file) > 0, file + " was written");
        Map<String, String> probe = ExternalTools.probeVideo(file.toString(), true);
        assertEquals("h264", probe.get("codec_name"), probe.toString());
        assertEquals(String.valueOf(LiveFrames.SIZE), probe.get("width"), probe.toString());
        int received = Integer.parseInt(probe.get("nb_read_frames"));
        System.out.println(container + ": received " + received + " of " + FRAMES + " pushed frames");
        // a listener may join a moment after the first frames left: most, not all, must arrive
        assertTrue(received >= FRAMES / 2 && received <= FRAMES, received + " of " + FRAMES + " frames in " + container);
        String format = ExternalTools.run(30, List.of("ffprobe", "-v", "error", "-show_entries", "format=format_name",
                "-of", "default=noprint_wrappers=1:nokey=1", file.toString())).trim();
        assertTrue(format.contains(container), format);
    }
}
