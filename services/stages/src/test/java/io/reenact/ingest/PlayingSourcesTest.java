package io.reenact.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client may ask the ingest API to play: live URLs and media-folder files, nothing FFmpeg would read for it. */
class PlayingSourcesTest {

    @Test
    void liveUrlsAndMediaFilesPassEverythingElseIsRefusedWithTheRule(@TempDir Path media) {
        PlayingSources sources = new PlayingSources(null, () -> null, ReconnectPolicy.never(Duration.ofSeconds(1)), media,
                null);
        assertEquals("rtsp://cam.local/1", sources.resolve("rtsp://cam.local/1"));
        assertEquals("srt://10.0.0.2:9000", sources.resolve("srt://10.0.0.2:9000"));
        assertEquals("https://example.org/clip.mp4", sources.resolve("https://example.org/clip.mp4"));
        assertEquals(media.resolve("clip.mp4").toString(), sources.resolve("clip.mp4"));
        assertEquals(media.resolve("clip.mp4").toString(), sources.resolve("file:clip.mp4"));
        for (String refused : new String[] {"concat:a.mp4|/etc/passwd", "subfile:,start,0,end,100,:/etc/passwd",
                "data:video/mp4;base64,AAAA", "pipe:0", "gopher://x/", "ftp://host/x.mp4", "../outside.mp4",
                "file:///etc/passwd", "/etc/passwd", "clip.mp4\n", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sources.resolve(refused),
                    refused);
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
    }

    @Test
    void cloudMetadataAddressesAreNeverPlayedAndAHostAllowListIsHonoured(@TempDir Path media) {
        PlayingSources sources = new PlayingSources(null, () -> null, ReconnectPolicy.never(Duration.ofSeconds(1)), media,
                null);
        for (String refused : new String[] {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x", "rtsp:///nohost",
                "http://0251.0376.0251.0376/latest/", "http://0xa9fea9fe/", "http://100.100.100.200/latest/meta-data/",
                "http://[fd00:ec2::254]/latest/"}) {
            assertThrows(IllegalArgumentException.class, () -> sources.resolve(refused), refused);
        }
        sources.withAllowedHosts(java.util.List.of("cam1.studio.lan", "*.cams.example", "10.0.0.2"));
        assertEquals("rtsp://cam1.studio.lan/1", sources.resolve("rtsp://cam1.studio.lan/1"));
        assertEquals("srt://a.cams.example:9000", sources.resolve("srt://a.cams.example:9000"));
        assertEquals("rtmp://10.0.0.2/live", sources.resolve("rtmp://10.0.0.2/live"));
        assertEquals("v4l2:///dev/video0", sources.resolve("v4l2:///dev/video0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sources.resolve("http://evil.example/x.mp4"));
        assertTrue(e.getMessage().contains("allowed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sources.resolve("http://cams.example.evil/x"));
    }
}
