package io.reenact.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamRecordingsTest {

    @Test
    void recordsOneStreamAsH264ThatFfprobeReadsBack(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(40);
        StreamRecordings recordings = new StreamRecordings(dir, 25);
        recordings.accept(frames.frame("cam-1", 0)); // not recording yet: ignored
        StreamRecordings.Recording started = recordings.start("cam-1");
        for (int i = 1; i <= 40; i++) {
            recordings.accept(frames.frame("cam-1", i));
            recordings.accept(frames.frame("other", i));
        }
        StreamRecordings.Recording done = recordings.stop("cam-1").orElseThrow();
        assertEquals(started.file(), done.file());
        assertEquals(40, done.frames());
        assertFalse(recordings.recording("cam-1"));
        assertTrue(Files.size(done.file()) > 10_000);

        Map<String, String> probe = ExternalTools.probeVideo(done.file().toString(), true);
        assertEquals("h264", probe.get("codec_name"), probe.toString());
        assertEquals(String.valueOf(2 * LiveFrames.SIZE), probe.get("width"), "driver | reenacted: " + probe);
        assertEquals(String.valueOf(LiveFrames.SIZE), probe.get("height"), probe.toString());
        assertEquals("yuv420p", probe.get("pix_fmt"), "the pixel format every player takes");
        assertEquals("40", probe.get("nb_read_frames"), probe.toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the recorded stream has a file");
        }
    }

    @Test
    void anAtLeastOnceReplayIsNotWrittenTwice(@TempDir Path dir) throws Exception {
        LiveFrames frames = LiveFrames.megamind(30);
        java.util.List<io.reenact.schema.ReenactedFrame> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(frames.frame("cam-1", i));
        }
        StreamRecordings recordings = new StreamRecordings(dir, 25);
        recordings.start("cam-1");
        for (int i = 0; i < 20; i++) {
            recordings.accept(sent.get(i));
        }
        // the stage died before committing frames 10..19: Kafka delivers them again, then the rest
        for (int i = 10; i < 30; i++) {
            recordings.accept(sent.get(i));
        }
        StreamRecordings.Recording done = recordings.stop("cam-1").orElseThrow();
        assertEquals(30, done.frames(), "each frame once");
        assertEquals("30", ExternalTools.probeVideo(done.file().toString(), true).get("nb_read_frames"));
    }
}
