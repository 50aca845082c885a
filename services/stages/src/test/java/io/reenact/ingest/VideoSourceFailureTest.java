package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources that die, stall or are damaged: a clear error within the configured time, never a hang or a crash. */
class VideoSourceFailureTest {

    @TempDir
    Path dir;

    /** A real MPEG-TS stream of the clip, as bytes a test server can replay. */
    private byte[] megamindTs() throws Exception {
        Path ts = dir.resolve("megamind.ts");
        FfmpegProcess.run(dir, "-fflags", "+genpts", "-i", Assets.require(Assets.MEGAMIND).toString(), "-an",
                "-c", "copy", "-t", "4", "-f", "mpegts", ts.toString());
        return Files.readAllBytes(ts);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatSendsAHeaderAndSomeVideoThenStallsIsGivenUpOnAfterThePolicysReconnects() throws Exception {
        byte[] ts = megamindTs();
        byte[] prefix = java.util.Arrays.copyOf(ts, ts.length / 3);
        AtomicInteger connections = new AtomicInteger();
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread serving = new Thread(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        held.add(client);
                        connections.incrementAndGet();
                        OutputStream out = client.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(prefix);
                        out.flush(); // and then nothing, with the connection left open
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            serving.setDaemon(true);
            serving.start();

            ReconnectPolicy policy = new ReconnectPolicy(2, Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(1500));
            int frames = 0;
            long start = System.nanoTime();
            SourceFailedException failure;
            try (VideoSource source = VideoSource.open("http://127.0.0.1:" + server.getLocalPort() + "/live.ts", 64, policy)) {
                failure = assertThrows(SourceFailedException.class, () -> {
                    while (source.next() != null) {
                        // the frames of the prefix, every time the source is reconnected
                    }
                });
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(failure.getMessage().contains("again after 2 reconnect attempt(s)"), failure.getMessage());
            assertTrue(failure.getMessage().contains("stalled"), failure.getMessage());
            assertEquals(3, connections.get(), "the first connection and the policy's two reconnects");
            // three stalls of 1.5 s plus backoff and decoding; far from the test's timeout
            assertTrue(ms < 30_000, "gave up after " + ms + " ms");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLiveFfmpegServerThatFreezesMidStreamEndsInAClearError() throws Exception {
        int port = FfmpegProcess.freeTcpPort();
        try (FfmpegProcess server = FfmpegProcess.start(dir, "-re", "-fflags", "+genpts", "-i",
                Assets.require(Assets.MEGAMIND).toString(), "-an", "-c", "copy", "-f", "mpegts", "-listen", "1",
                "http://127.0.0.1:" + port + "/megamind.ts")) {
            ReconnectPolicy policy = new ReconnectPolicy(40, Duration.ofMillis(50), Duration.ofMillis(100),
                    Duration.ofMillis(1500));
            try (VideoSource source = VideoSource.open("http://127.0.0.1:" + port + "/megamind.ts", 64, policy)) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(source.next() != null, "frame " + i);
                }
                signal("STOP", server.pid()); // the sender freezes: the socket stays open, no bytes come
                try {
                    long start = System.nanoTime();
                    SourceFailedException failure = assertThrows(SourceFailedException.class, () -> {
                        while (source.next() != null) {
                            // what was already buffered
                        }
                    });
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(failure.getMessage().contains("http://127.0.0.1:" + port), failure.getMessage());
                    // the freeze is named, then why reconnecting failed (ffmpeg's one-client listener is gone)
                    assertTrue(failure.getMessage().contains("stalled"), failure.getMessage());
                    assertTrue(ms < 45_000, "gave up after " + ms + " ms");
                } finally {
                    signal("CONT", server.pid());
                }
            }
        }
    }

    private static void signal(String name, long pid) throws Exception {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
        assertEquals(0, rc, "kill -" + name);
    }

    @Test
    void theDamagedOpenCvSampleDecodesWithoutCrashing() throws Exception {
        // Megamind_bugy.avi is OpenCV's test file for a broken AVI index; FFmpeg demuxes it anyway
        int frames = 0;
        try (VideoSource source = VideoSource.open(Assets.require(Assets.MEGAMIND_DAMAGED).toString(), 64,
                ReconnectPolicy.defaults())) {
            while (source.next() != null) {
                frames++;
            }
        }
        assertEquals(270, frames, "ffprobe -count_frames counts 270 frames in it too");
    }

    @Test
    void aFileCutInTheMiddleGivesTheFramesBeforeTheCut() throws Exception {
        byte[] avi = Files.readAllBytes(Assets.require(Assets.MEGAMIND));
        Path cut = dir.resolve("cut.avi");
        Files.write(cut, java.util.Arrays.copyOf(avi, avi.length / 2));
        int frames = 0;
        try (VideoSource source = VideoSource.open(cut.toString(), 64, ReconnectPolicy.defaults())) {
            RgbImage frame;
            while ((frame = source.next()) != null) {
                assertEquals(64, frame.width());
                frames++;
            }
        } catch (SourceFailedException e) {
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        }
        assertTrue(frames > 60 && frames < 270, "decoded " + frames + " of the 270 frames");
    }

    @Test
    void aFileThatIsNoVideoIsAClearError() throws Exception {
        Path garbage = dir.resolve("garbage.mp4");
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        SourceFailedException e = assertThrows(SourceFailedException.class,
                () -> VideoSource.open(garbage.toString(), 64, ReconnectPolicy.defaults()));
        assertTrue(e.getMessage().startsWith("cannot open file " + garbage), e.getMessage());
    }
}
