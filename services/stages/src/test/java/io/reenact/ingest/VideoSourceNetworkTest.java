package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VideoSource as the client of real network servers: the ffmpeg tool serves Megamind.avi over
 * HTTP, SRT and RTMP in real time (-re) from its own process, and the frames that arrive must be
 * the clip's frames.
 *
 * <p>FFmpeg can push RTSP to a server or receive a push, but cannot serve RTSP to a client, and
 * no RTSP server is installed here: for RTSP a small test server ({@link RtspTestServer}) speaks
 * the RTSP dialogue and relays the RTP packets ffmpeg makes from the clip.
 */
class VideoSourceNetworkTest {

    private static final int SIZE = 64;
    private static final int FRAMES = 24;
    /** Retries cover the moment between starting ffmpeg and its socket listening. */
    private static final ReconnectPolicy UNTIL_LISTENING =
            new ReconnectPolicy(40, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(5));

    @TempDir
    static Path dir;
    private static Path megamind;
    private static List<RgbImage> reference;

    @BeforeAll
    static void decodeTheClipFromTheFile() throws Exception {
        megamind = Assets.require(Assets.MEGAMIND);
        reference = new ArrayList<>();
        try (VideoSource file = VideoSource.open(megamind.toString(), SIZE, ReconnectPolicy.defaults())) {
            RgbImage frame;
            while (reference.size() < 2 * FRAMES && (frame = file.next()) != null) {
                reference.add(frame);
            }
        }
        assertEquals(2 * FRAMES, reference.size());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void readsMpegTsServedOverHttp() throws Exception {
        int port = FfmpegProcess.freeTcpPort();
        try (FfmpegProcess server = FfmpegProcess.start(dir, "-re", "-fflags", "+genpts", "-i", megamind.toString(),
                "-an", "-c", "copy", "-f", "mpegts", "-listen", "1", "http://127.0.0.1:" + port + "/megamind.ts")) {
            assertTheClipArrives("http://127.0.0.1:" + port + "/megamind.ts", server, 2.0);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void readsMpegTsServedOverSrt() throws Exception {
        int port = FfmpegProcess.freeUdpPort();
        try (FfmpegProcess server = FfmpegProcess.start(dir, "-re", "-fflags", "+genpts", "-i", megamind.toString(),
                "-an", "-c", "copy", "-f", "mpegts", "srt://127.0.0.1:" + port + "?mode=listener")) {
            assertTheClipArrives("srt://127.0.0.1:" + port + "?mode=caller", server, 2.0);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void readsH264ServedOverRtmp() throws Exception {
        int port = FfmpegProcess.freeTcpPort();
        // FLV cannot carry the clip's MPEG-4 part 2 video: ffmpeg transcodes to H.264 as a live encoder would
        try (FfmpegProcess server = FfmpegProcess.start(dir, "-re", "-i", megamind.toString(), "-an",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                "-f", "flv", "-listen", "1", "rtmp://127.0.0.1:" + port + "/live/megamind")) {
            assertTheClipArrives("rtmp://127.0.0.1:" + port + "/live/megamind", server, 8.0);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void readsRtpOverRtspInterleavedOnTcp() throws Exception {
        try (RtspTestServer server = new RtspTestServer(dir, megamind)) {
            assertTheClipArrives(server.url(), null, 2.0);
            assertTrue(server.packetsRelayed() > FRAMES, "RTP packets relayed: " + server.packetsRelayed());
        }
    }

    /**
     * Reads {@value #FRAMES} frames from {@code url}; each must be one of the clip's frames (mean
     * absolute difference per channel at most {@code tolerance}: 0 plus rounding for a copied
     * stream, more for a transcoded one) and they must come in the clip's order.
     */
    private static void assertTheClipArrives(String url, FfmpegProcess server, double tolerance) throws Exception {
        List<RgbImage> got = new ArrayList<>();
        double fps;
        try (VideoSource source = VideoSource.open(url, SIZE, UNTIL_LISTENING)) {
            fps = source.frameRate();
            RgbImage frame;
            while (got.size() < FRAMES && (frame = source.next()) != null) {
                got.add(frame);
            }
        } catch (SourceFailedException e) {
            throw new AssertionError(e.getMessage() + (server == null ? "" : "; ffmpeg said: " + server.log()), e);
        }
        assertEquals(FRAMES, got.size(), "frames read from " + url);
        assertEquals(23.98, fps, 0.05, "the clip's frame rate");
        int previous = -1;
        for (int i = 0; i < got.size(); i++) {
            RgbImage frame = got.get(i);
            assertEquals(SIZE, frame.width());
            assertEquals(SIZE, frame.height());
            int best = -1;
            double bestDiff = Double.MAX_VALUE;
            for (int r = 0; r < reference.size(); r++) {
                double d = meanAbsDiff(frame, reference.get(r));
                if (d < bestDiff) {
                    bestDiff = d;
                    best = r;
                }
            }
            assertTrue(bestDiff <= tolerance, "frame " + i + " from " + url + " is no frame of the clip (closest: "
                    + best + ", mean difference " + bestDiff + ")");
            assertTrue(best >= previous, "frame " + i + " is clip frame " + best + ", after clip frame " + previous);
            previous = best;
        }
    }

    static double meanAbsDiff(RgbImage a, RgbImage b) {
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        long sum = 0;
        for (int i = 0; i < pa.length; i++) {
            sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
        }
        return (double) sum / pa.length;
    }
}
