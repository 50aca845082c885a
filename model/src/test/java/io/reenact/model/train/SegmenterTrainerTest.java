package io.reenact.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterTrainerTest {

    @TempDir
    Path dir;

    @Test
    void segmenterLearnsTheSyntheticMasks() throws Exception {
        SegmenterTrainer.Config c = new SegmenterTrainer.Config(TinyModel.config(), dir, 60, 8, 3e-3f, 60, 1L, List.of());
        SegmenterTrainer.Result r = new SegmenterTrainer(c, TinyModel.dataset(8), TrainerTest.quietLog()).run();
        LossHistory h = LossHistory.readCsv(dir.resolve("segmenter-loss.csv"), Long.MAX_VALUE);
        double first = h.rows().subList(0, 5).stream().mapToDouble(row -> row.losses().get("seg")).average().orElseThrow();
        assertTrue(r.loss() < 0.7 * first, "segmentation loss should fall: " + first + " → " + r.loss());
        assertTrue(r.meanIou() > 0.5, "IoU after 60 steps: " + r.meanIou());
        assertTrue(Files.size(r.weights()) > 1000);
    }
}
