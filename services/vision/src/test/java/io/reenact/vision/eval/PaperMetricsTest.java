package io.reenact.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.Reenactor;
import io.reenact.vision.landmarks.DlibShapePredictor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PaperMetricsTest {

    @Test
    void tinyRunOnTheShippedCheckpointGivesSaneFigures() throws IOException {
        Path out = Path.of("target", "paper-metrics-test");
        PaperMetrics.Config config = new PaperMetrics.Config(null, out, 1L, 2, 2, 4);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PaperMetrics.Result r;
        try (Reenactor model = Reenactor.loadShipped("cpu-128")) {
            r = new PaperMetrics(config, DlibShapePredictor.shared(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8)).run(model);
        }
        assertEquals(4, r.self().size(), "2 avatars x 2 self-driven frames");
        assertEquals(4, r.cross().size(), "2 avatars x 2 cross-driven frames");
        for (PaperMetrics.SelfSample s : r.self()) {
            for (double v : new double[] {s.detectorFloor(), s.model(), s.modelToExact(), s.modelAligned(),
                    s.meanFrame(), s.keypoint(), s.placed(), s.modelPsnr(), s.keypointPsnr(), s.placedPsnr()}) {
                assertTrue(Double.isFinite(v) && v >= 0, "finite, non-negative: " + s);
            }
            // dlib on a clean rendering inside the right box lands near the exact points
            assertTrue(s.detectorFloor() < 0.15, "detector floor " + s);
        }
        for (PaperMetrics.CrossSample c : r.cross()) {
            assertEquals((c.avatar() + 1) % 2, c.driver(), "each avatar is driven by the next identity");
            assertTrue(Double.isFinite(c.shapeGap()) && c.shapeGapExact() >= 0, "finite: " + c);
            for (PaperMetrics.Score s : new PaperMetrics.Score[] {c.model(), c.keypoint(), c.placed(), c.halfLeak(), c.fullLeak()}) {
                for (double v : new double[] {s.pose(), s.identity(), s.psnr()}) {
                    assertTrue(Double.isFinite(v) && v >= 0, "finite, non-negative: " + c);
                }
            }
            // the controls are A's own ground truth reshaped towards B: the smaller reshape stays nearer the truth
            // (a trained model may come close to the full one, so the model is not the reference here)
            assertTrue(c.halfLeak().psnr() > c.fullLeak().psnr(), "half vs full leak PSNR: " + c);
            // the full-leak control is a reference of the appearance-matched scale: exactly at its end
            assertEquals(1.0, c.fullLeak().matchedTowardsDriver(), 1e-9, "full leak sits at B's end: " + c);
            assertTrue(!c.fullLeak().matchedCloserToAvatar(), "full leak is closer to B's shape: " + c);
            assertTrue(c.shapeGapExact() > 0.01, "two identities differ in shape: " + c);
        }
        double floor = PaperMetricsReport.mean(r.self(), PaperMetrics.SelfSample::detectorFloor);
        double meanFrame = PaperMetricsReport.mean(r.self(), PaperMetrics.SelfSample::meanFrame);
        assertTrue(floor < meanFrame, "the detector's floor (" + floor + ") is below the pose-less mean frame's error ("
                + meanFrame + ")");

        assertEquals(ShapeCues.COUNT, r.cueCorrelation().length);
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("## Pose error under self-driving") && md.contains("## Identity error under cross-driving"));
        assertTrue(md.contains("| latent-pose model |") && md.contains("| keypoint baseline (avatar's head placement) |")
                && md.contains("| control: A's truth warped onto B's exact landmarks"), md);
        assertTrue(!md.contains("NaN"), "no missing figure in the table:\n" + md);
        BufferedImage scatter = ImageIO.read(r.scatter().toFile());
        assertTrue(scatter != null && scatter.getWidth() > 300, "a scatter PNG");
        BufferedImage sheet = ImageIO.read(r.landmarkSheet().toFile());
        assertTrue(sheet != null && sheet.getHeight() > 4 * 128, "self and cross rows of landmark pictures");
        String log = progress.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("avatar 2/2") && log.contains("paper-metrics: self-driving pose NME"), log);
    }

    @Test
    void rejectsTooFewIdentities() {
        assertThrows(IllegalArgumentException.class, () -> new PaperMetrics.Config(null, Path.of("x"), 1L, 1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new PaperMetrics.Config(null, Path.of("x"), 1L, 2, 0, 4));
    }
}
