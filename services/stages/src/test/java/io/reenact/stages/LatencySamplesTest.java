package io.reenact.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    @Test
    void percentilesByNearestRank() {
        LatencySamples s = new LatencySamples(1000);
        for (int i = 100; i >= 1; i--) {
            s.add(i);
        }
        assertEquals(50, s.percentile(50));
        assertEquals(99, s.percentile(99));
        assertEquals(100, s.percentile(100));
        assertEquals(1, s.percentile(0));
        assertEquals(50.5, s.mean(), 1e-9);
    }

    @Test
    void keepsOnlyTheMostRecentSamples() {
        LatencySamples s = new LatencySamples(10);
        for (int i = 0; i < 100; i++) {
            s.add(i < 90 ? 1_000 : 5);
        }
        assertEquals(100, s.count());
        assertEquals(5, s.percentile(99));
    }

    @Test
    void recordedMetricsCountByReasonCode() {
        RecordedStageMetrics m = new RecordedStageMetrics();
        m.received("segment");
        m.deadLettered("segment", "CORRUPT_IMAGE: corrupt JPEG: truncated");
        m.deadLettered("segment", "CORRUPT_IMAGE: corrupt JPEG: empty");
        m.emitted("segment", 2_000, 1_500, 12);
        assertEquals(2L, m.stage("segment").deadLetterReasons().get("CORRUPT_IMAGE"));
        assertEquals(1, m.stage("segment").emitted.sum());
        assertEquals(2_000, m.stage("segment").processingMicros.percentile(50));
    }
}
