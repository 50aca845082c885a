package io.reenact.ingest;

import io.reenact.egress.Mp4Recorder;
import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoSourceTest {

    /** A 160x80 clip (two 80x80 panels): left half red, right half blue, a white line moving down. */
    private static Path writeClip(Path dir, int frames) throws IOException {
        Path file = dir.resolve("clip.mp4");
        try (Mp4Recorder recorder = new Mp4Recorder(file, 80, 2, 25)) {
            for (int t = 0; t < frames; t++) {
                recorder.record(solid(80, 220, 0, 0, t), solid(80, 0, 0, 220, t));
            }
        }
        return file;
    }

    private static RgbImage solid(int size, int r, int g, int b, int bar) {
        byte[] p = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int o = (y * size + x) * 3;
                boolean white = y == bar % size;
                p[o] = (byte) (white ? 255 : r);
                p[o + 1] = (byte) (white ? 255 : g);
                p[o + 2] = (byte) (white ? 255 : b);
            }
        }
        return new RgbImage(size, size, p);
    }

    @Test
    void decodesEveryFrameOfAFileCroppedToTheModelSize(@TempDir Path dir) throws IOException {
        Path clip = writeClip(dir, 12);
        List<RgbImage> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(clip.toString(), 64, ReconnectPolicy.defaults())) {
            assertEquals(25.0, source.frameRate(), 0.01);
            RgbImage frame;
            while ((frame = source.next()) != null) {
                frames.add(frame);
            }
            assertNull(source.next(), "a file stays ended");
        }
        assertEquals(12, frames.size());
        RgbImage first = frames.get(0);
        assertEquals(64, first.width());
        assertEquals(64, first.height());
        // the centre square of a red | blue frame: red on its left edge, blue on its right (x264 blurs colours a little)
        assertTrue(first.get(4, 40, 0) > 150 && first.get(4, 40, 2) < 80, "left is red");
        assertTrue(first.get(60, 40, 2) > 150 && first.get(60, 40, 0) < 80, "right is blue");
    }

    @Test
    void aMissingFileIsAClearErrorNotARetryLoop() {
        SourceFailedException e = assertThrows(SourceFailedException.class,
                () -> VideoSource.open("/no/such/video.mp4", 64, ReconnectPolicy.defaults()));
        assertTrue(e.getMessage().contains("/no/such/video.mp4"), e.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeadUrlIsRetriedWithBackoffThenReported() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there
        }
        ReconnectPolicy policy = new ReconnectPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(2));
        SourceFailedException e = assertThrows(SourceFailedException.class,
                () -> VideoSource.open("http://127.0.0.1:" + port + "/live.ts", 64, policy));
        assertTrue(e.getMessage().contains("after 2 reconnect attempt(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStalledServerTimesOutInsteadOfHanging() throws Exception {
        // accepts the connection, then never answers: the read timeout must end the wait
        try (ServerSocket server = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ReconnectPolicy policy = ReconnectPolicy.never(Duration.ofMillis(800));
            long start = System.nanoTime();
            SourceFailedException e = assertThrows(SourceFailedException.class,
                    () -> VideoSource.open("http://127.0.0.1:" + server.getLocalPort() + "/stalled", 64, policy));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 20_000, "gave up after " + ms + " ms");
            assertTrue(e.getMessage().contains("cannot open"), e.getMessage());
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
