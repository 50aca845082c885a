package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossHistoryTest {

    @TempDir
    Path dir;

    @Test
    void csvRoundTripDropsStepsAfterTheResumePoint() throws Exception {
        LossHistory h = new LossHistory();
        for (int s = 1; s <= 10; s++) {
            h.add(s, s * 0.5, Map.of("rec", 1f / s, "dice", 0.5f));
        }
        Path csv = dir.resolve("loss.csv");
        h.writeCsv(csv);
        LossHistory back = LossHistory.readCsv(csv, 7);
        assertEquals(7, back.rows().size());
        assertEquals(0.25f, back.rows().get(3).losses().get("rec"), 1e-6f);
        assertEquals((1f / 6 + 1f / 7) / 2, back.recentMean("rec", 2), 1e-6);
        LossCurvePlot.write(back, dir.resolve("loss.png"), "test");
        assertTrue(Files.size(dir.resolve("loss.png")) > 500);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void anInfiniteGradientNormLeavesTheCurveDrawable() throws Exception {
        LossHistory h = new LossHistory();
        for (int s = 1; s <= 50; s++) {
            h.add(s, s, Map.of("rec", 0.4f, "gnorm", s == 20 ? Float.POSITIVE_INFINITY : 8f));
        }
        LossCurvePlot.write(h, dir.resolve("loss.png"), "a skipped update");
        assertTrue(Files.size(dir.resolve("loss.png")) > 500);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aHugeButFiniteGradientNormLeavesTheCurveDrawable() throws Exception {
        LossHistory h = new LossHistory();
        // as a run logged it: typical norms, one skipped update's 1.19e18, then typical again, over
        // enough rows that the smoothing window (rows / 100) holds the outlier and then lets it go
        for (int s = 1; s <= 400; s++) {
            h.add(s, s, Map.of("rec", 0.3f, "gnorm", s == 43 ? 1.19e18f : 25f + s % 7));
        }
        LossCurvePlot.write(h, dir.resolve("loss.png"), "a huge norm");
        assertTrue(Files.size(dir.resolve("loss.png")) > 500);
        // the refused update's norm does not lift the drawn curve: it stays among the typical norms
        for (double v : LossCurvePlot.smooth(h.rows(), "gnorm", 4)) {
            assertTrue(v >= Math.log10(25) && v <= Math.log10(31), "smoothed log10 norm " + v);
        }
    }

    @Test
    void progressLineShowsStepLossesAndEta() {
        ProgressBar bar = new ProgressBar(TrainerTest.quietLog(), "train", 0, 100);
        String line = bar.line(25, Map.of("rec", 0.5f));
        assertTrue(line.contains("25/100") && line.contains("rec 0.5000"), line);
        assertEquals("1h01m", ProgressBar.duration(3660));
        assertEquals("2m05s", ProgressBar.duration(125));
    }
}
