package io.reenact.model.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.ExpressionReading;
import io.reenact.model.InferenceCheckpoint;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.WarpedFrame;
import io.reenact.model.WeightsFile;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideoDataset;
import io.reenact.model.train.ExportedModel;
import io.reenact.model.train.LossHistory;
import io.reenact.model.train.LossWeights;
import io.reenact.model.train.TinyModel;
import io.reenact.model.train.TrainConfig;
import io.reenact.model.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warping renderer: its shapes, a short training run whose losses fall, and a lossless save and load. */
class WarpRendererTest {

    @TempDir
    Path dir;

    @Test
    void rendersRgbMaskWarpFlowsOcclusionAndFillOfTheDriversSize() {
        ModelConfig c = TinyModel.warpConfig();
        try (NDManager m = NDManager.newBaseManager(); LatentPoseModel model = LatentPoseModel.create(c, m, 0, 1)) {
            WarpedFrame f = warp(model, m, 2, 3);
            assertEquals(new Shape(2, 3, 32, 32), f.rgb().getShape());
            assertEquals(new Shape(2, 1, 32, 32), f.mask().getShape());
            assertEquals(new Shape(2, 3, 32, 32), f.warped().getShape());
            assertEquals(new Shape(2, 3, 2, 32, 32), f.flows().getShape());
            assertEquals(new Shape(2, 1, 32, 32), f.occlusion().getShape());
            assertEquals(new Shape(2, 3, 1, 32, 32), f.trust().getShape());
            assertEquals(new Shape(2, 3, 32, 32), f.fill().getShape());
            float[] mask = f.mask().toFloatArray();
            for (float v : mask) {
                assertTrue(v >= 0 && v <= 1, "mask in [0, 1]: " + v);
            }
            for (float v : f.fill().toFloatArray()) {
                assertTrue(v >= 0 && v <= 1, "fill in [0, 1]: " + v);
            }
            assertTrue(model.generator() == null && model.mlp() == null, "no AdaIN generator in a warp config");
        }
    }

    @Test
    void foldedUpsamplingRendersTheSameFrame() {
        // the shipped config's widths: the fold must hold for the layer sizes that are served
        ModelConfig c = ModelConfig.byName("warp-128");
        try (NDManager m = NDManager.newBaseManager(); LatentPoseModel model = LatentPoseModel.create(c, m, 0, 4)) {
            model.parameters().values().forEach(p -> p.freeze(true));
            WarpedFrame plain = warp(model, m, 1, 2);
            float[] rgb = plain.rgb().toFloatArray();
            float[] mask = plain.mask().toFloatArray();
            float[] flows = plain.flows().toFloatArray();
            float[] trainedRgb = warp(model, m, 1, 2, true).rgb().toFloatArray();
            model.warpRenderer().precomputeUpsampling();
            WarpedFrame folded = warp(model, m, 1, 2);
            // well below one 8-bit level (0.004), on outputs that do vary
            assertClose(rgb, folded.rgb().toFloatArray(), 1e-3f, "rgb");
            assertClose(mask, folded.mask().toFloatArray(), 1e-3f, "mask");
            // the flow in normalised coordinates: 1e-5 of the image's half-width is well under a thousandth of a pixel
            assertClose(flows, folded.flows().toFloatArray(), 1e-5f, "flow");
            assertClose(trainedRgb, warp(model, m, 1, 2, true).rgb().toFloatArray(), 1e-6f, "training keeps the plain graph");
        }
    }

    private static void assertClose(float[] expected, float[] got, float tolerance, String what) {
        assertEquals(expected.length, got.length);
        float worst = 0f;
        double change = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            change += Math.abs(expected[i] - expected[0]);
        }
        assertTrue(worst < tolerance, what + ": largest difference " + worst);
        assertTrue(change / got.length > 1e-3, what + " is flat");
    }

    @Test
    void configsWrittenBeforeTheSamplerWasChosenKeepBilinearAndTheShippedOneIsBicubic() {
        String old = ModelConfig.warp128().toJson().replaceAll(",\\s*\"warpSampling\":\\s*\"[a-z]+\"", "");
        assertTrue(!old.contains("warpSampling"), old);
        assertEquals(ModelConfig.BILINEAR, ModelConfig.fromJson(old).warpSampling());
        assertTrue(ModelConfig.warp128().samplesBicubic());
        ModelConfig cubic = TinyModel.warpConfig();
        ModelConfig linear = ModelConfig.fromJson(cubic.toJson().replace(ModelConfig.BICUBIC, ModelConfig.BILINEAR));
        try (NDManager m = NDManager.newBaseManager();
             LatentPoseModel a = LatentPoseModel.create(cubic, m, 0, 1);
             LatentPoseModel b = LatentPoseModel.create(linear, m, 0, 1)) {
            float[] x = warp(a, m, 1, 2).warped().toFloatArray();
            float[] y = warp(b, m, 1, 2).warped().toFloatArray();
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            assertTrue(diff > 1e-4 && diff < 0.5, "same weights, other sampler: a different but close warp, max diff " + diff);
        }
    }

    @Test
    void aSharperBlendLeansHarderOnOneSourceAndOldConfigsKeepTheSoftOne() {
        String old = TinyModel.warpConfig().toJson().replaceAll(",\\s*\"blendSharpness\":\\s*[0-9.]+", "");
        assertTrue(!old.contains("blendSharpness"), old);
        assertEquals(1f, ModelConfig.fromJson(old).effectiveBlendSharpness());
        ModelConfig soft = ModelConfig.fromJson(old);
        ModelConfig sharp = ModelConfig.fromJson(old.replaceFirst("\\{", "{\"blendSharpness\": 8.0,"));
        try (NDManager m = NDManager.newBaseManager();
             LatentPoseModel a = LatentPoseModel.create(soft, m, 0, 1);
             LatentPoseModel b = LatentPoseModel.create(sharp, m, 0, 1)) {
            double softTop = meanTopWeight(warp(a, m, 1, 3).confidence());
            double sharpTop = meanTopWeight(warp(b, m, 1, 3).confidence());
            assertTrue(sharpTop > softTop + 0.05, "mean largest blend weight: " + sharpTop + " at 8 vs " + softTop + " at 1");
        }
    }

    /** The mean over pixels of the largest source weight, confidence (B, K, 1, S, S). */
    private static double meanTopWeight(NDArray confidence) {
        return confidence.max(new int[] {1}).mean().getFloat();
    }

    @Test
    void expressionHolesAreNewParametersThatOnlyLowerTheTrustOfWeightsTrainedWithoutThem() {
        ModelConfig with = TinyModel.warpConfig();
        String old = with.toJson().replaceAll(",\\s*\"expressionHoles\":\\s*[0-9]+", "");
        assertTrue(!old.contains("expressionHoles"), old);
        ModelConfig without = ModelConfig.fromJson(old);
        assertEquals(0, without.expressionHoles());
        try (NDManager m = NDManager.newBaseManager();
             LatentPoseModel holes = LatentPoseModel.create(with, m, 0, 1);
             LatentPoseModel plain = LatentPoseModel.create(without, m, 0, 2)) {
            var added = new java.util.TreeSet<>(holes.parameters().keySet());
            added.removeAll(plain.parameters().keySet());
            assertTrue(holes.parameters().keySet().containsAll(plain.parameters().keySet()),
                    "weights without holes keep their names, so they warm-start");
            assertEquals(4, added.size(), added.toString());
            assertTrue(added.stream().allMatch(n -> n.contains("hole")), added.toString());
            // the same weights where both have them: the holes' term can only take trust away
            plain.parameters().forEach((name, p) -> holes.parameters().get(name).getArray().set(p.getArray().toFloatArray()));
            float[] a = warp(holes, m, 2, 2).trust().toFloatArray();
            float[] b = warp(plain, m, 2, 2).trust().toFloatArray();
            double lower = 0;
            for (int i = 0; i < a.length; i++) {
                assertTrue(a[i] <= b[i] + 1e-4f, "trust with holes " + a[i] + " above " + b[i]);
                lower += (b[i] - a[i]) / a.length;
            }
            assertTrue(lower > 1e-3 && lower < 1.5, "a fresh hole term lowers the trust a little: " + lower);
        }
    }

    @Test
    void aServedTrustBiasRaisesTheTrustWhenServingOnlyAndOldConfigsHaveNone() {
        String old = TinyModel.warpConfig().toJson().replaceAll(",\\s*\"servedTrustBias\":\\s*[0-9.]+", "");
        assertTrue(!old.contains("servedTrustBias"), old);
        ModelConfig plain = ModelConfig.fromJson(old);
        assertEquals(0f, plain.servedTrustBias());
        ModelConfig biased = ModelConfig.fromJson(old.replaceFirst("\\{", "{\"servedTrustBias\": 1.5,"));
        try (NDManager m = NDManager.newBaseManager();
             LatentPoseModel a = LatentPoseModel.create(plain, m, 0, 3);
             LatentPoseModel b = LatentPoseModel.create(biased, m, 0, 3)) {
            a.parameters().forEach((name, p) -> b.parameters().get(name).getArray().set(p.getArray().toFloatArray()));
            float[] served = warp(b, m, 1, 2).trust().sub(warp(a, m, 1, 2).trust()).toFloatArray();
            for (float d : served) {
                assertEquals(1.5f, d, 1e-4f);
            }
            float[] trained = warp(b, m, 1, 2, true).trust().sub(warp(a, m, 1, 2, true).trust()).toFloatArray();
            for (float d : trained) {
                assertEquals(0f, d, 1e-4f);
            }
        }
    }

    @Test
    void whatTheTrainerWritesIsServedWithTheShippedTrustBias() throws Exception {
        // a run's checkpoints and export take their config from the named one; at 0 a run was judged
        // against the shipped weights with a handicap of 0.04 sharpness and 0.06 mouth-open correlation
        ModelConfig shipped = ModelConfig.fromJson(
                Files.readString(Path.of("checkpoints", "warp-128", InferenceCheckpoint.CONFIG)));
        assertEquals(shipped.servedTrustBias(), ModelConfig.warp128().servedTrustBias());
        assertTrue(ModelConfig.warp128().servedTrustBias() > 0);
    }

    @Test
    void aShortTrainingRunLowersFlowAndReconstructionLosses() throws Exception {
        TrainConfig config = new TrainConfig(TinyModel.warpConfig(), dir, 40, 4, 2, 1e-3f, 5e-4f, 0f, 0f, 0.999f, 0.99f, 40,
                false, true, LossWeights.defaults(), 8, 16, null, 3L, List.of("test"), null);
        new Trainer(config, TinyModel.dataset(6), new PrintStream(new ByteArrayOutputStream(), true)).run();
        LossHistory h = LossHistory.readCsv(dir.resolve("loss.csv"), Long.MAX_VALUE);
        assertEquals(40, h.rows().size());
        for (String loss : List.of("rec", "flow")) {
            double first = mean(h, loss, 0, 5);
            double last = mean(h, loss, 30, 40);
            assertTrue(last < 0.8 * first, loss + " should fall: first " + first + ", last " + last);
        }
        ExpressionReading reading = ExpressionReading.in(dir.resolve("export"));
        assertEquals(TinyModel.warpConfig().poseDim(), reading.codeDim(), "the export carries its expression reading");
    }

    @Test
    void withTheAdversarialPartOnTheRendererAlsoLearnsAgainstTheDiscriminator() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        Path adversarial = dir.resolve("adversarial");
        new Trainer(warpRun(TinyModel.warpConfig(), adversarial, 6, true), TinyModel.dataset(4), quiet).run();
        LossHistory h = LossHistory.readCsv(adversarial.resolve("loss.csv"), Long.MAX_VALUE);
        assertTrue(h.names().containsAll(List.of("g_adv", "fm", "emb", "d", "flow")), "terms logged: " + h.names());
        for (LossHistory.Row row : h.rows()) {
            // a step whose update libtorch's garbage gradient made the trainer drop has no "d": its
            // discriminator step is dropped with it
            for (String name : List.of("g_adv", "fm", "d")) {
                Float v = row.losses().get(name);
                assertTrue(v == null || Float.isFinite(v), name + " at step " + row.step() + ": " + row);
            }
        }
        assertTrue(h.rows().stream().anyMatch(r -> r.losses().get("d") != null), "the discriminator stepped");
        assertTrue(h.rows().stream().anyMatch(r -> r.losses().get("fm") > 0), "the fake's features differ from the real's");

        Path plain = dir.resolve("plain");
        new Trainer(warpRun(TinyModel.warpConfig(), plain, 2, false), TinyModel.dataset(4), quiet).run();
        assertFalse(LossHistory.readCsv(plain.resolve("loss.csv"), Long.MAX_VALUE).names().contains("d"),
                "--no-adversarial trains no discriminator");
    }

    @Test
    void withThePoseInvarianceTermTheCodesOfTwoPeopleInOnePoseArePulledTogether() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        Path out = dir.resolve("invariance");
        TrainConfig c = withTerms(out, 1f, 1f, 0f);
        SyntheticVideoDataset crossDriven = new SyntheticVideoDataset(new SyntheticHeads(5), Split.TRAIN, 4, 1, 16, 32, 1f);
        new Trainer(c, crossDriven, quiet).run();
        LossHistory h = LossHistory.readCsv(out.resolve("loss.csv"), Long.MAX_VALUE);
        // every sample is driven by another person, so every logged step has pairs whose codes differ
        assertTrue(h.rows().stream().map(r -> r.losses().get("invariance"))
                .allMatch(v -> v == null || Float.isFinite(v) && v > 0), "invariance logged: " + h.rows());
        assertTrue(h.rows().stream().anyMatch(r -> r.losses().get("invariance") != null), "logged at all");
        // the flows two codes drive from the same sources differ as the codes do
        assertTrue(h.rows().stream().map(r -> r.losses().get("flow_twin"))
                .allMatch(v -> v == null || Float.isFinite(v) && v > 0), "flow pull logged: " + h.rows());
        assertTrue(h.rows().stream().anyMatch(r -> r.losses().get("flow_twin") != null), "flow pull logged at all");

        Path plain = dir.resolve("without");
        new Trainer(warpRun(TinyModel.warpConfig(), plain, 2, false), TinyModel.dataset(4), quiet).run();
        assertFalse(LossHistory.readCsv(plain.resolve("loss.csv"), Long.MAX_VALUE).names().contains("invariance"),
                "off by default");
        assertFalse(LossHistory.readCsv(plain.resolve("loss.csv"), Long.MAX_VALUE).names().contains("flow_twin"),
                "the flow pull off by default");
    }

    @Test
    void withTheMouthCriticTheOutputsOpeningIsReadAndScored() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Path out = dir.resolve("critic");
        TrainConfig c = withTerms(out, 0f, 0f, 1f);
        new Trainer(c, TinyModel.dataset(4), new PrintStream(logged, true)).run();
        assertTrue(logged.toString().contains("mouth-opening critic"), "taught before the renderer reads it: " + logged);
        LossHistory h = LossHistory.readCsv(out.resolve("loss.csv"), Long.MAX_VALUE);
        for (String term : List.of("critic", "mouth_read")) {
            assertTrue(h.rows().stream().map(r -> r.losses().get(term)).allMatch(v -> v != null && Float.isFinite(v) && v > 0),
                    term + " logged every step: " + h.rows());
        }
        Path plain = dir.resolve("without-critic");
        new Trainer(warpRun(TinyModel.warpConfig(), plain, 2, false), TinyModel.dataset(4),
                new PrintStream(new ByteArrayOutputStream(), true)).run();
        assertFalse(LossHistory.readCsv(plain.resolve("loss.csv"), Long.MAX_VALUE).names().contains("mouth_read"),
                "off by default");
    }

    /** A three-step tiny run with the default weights but the three optional terms'. */
    private static TrainConfig withTerms(Path out, float poseInvariance, float flowInvariance, float mouthCritic) {
        LossWeights d = LossWeights.defaults();
        LossWeights weights = new LossWeights(d.reconstruction(), d.adversarial(), d.featureMatching(), d.dice(),
                d.embeddingMatch(), poseInvariance, flowInvariance, mouthCritic);
        return new TrainConfig(TinyModel.warpConfig(), out, 3, 2, 2, 1e-3f, 5e-4f, 0f, 0f, 0.999f, 0.99f, 1,
                false, true, weights, 8, 16, null, 3L, List.of("test"), null);
    }

    @Test
    void aRunDoesNotResumeUnderAnotherConfig() throws Exception {
        ModelConfig cubic = TinyModel.warpConfig();
        ModelConfig linear = ModelConfig.fromJson(cubic.toJson().replace(ModelConfig.BICUBIC, ModelConfig.BILINEAR));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        new Trainer(warpRun(linear, 2), TinyModel.dataset(4), quiet).run();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new Trainer(warpRun(cubic, 4), TinyModel.dataset(4), quiet).run());
        assertTrue(e.getMessage().contains("bilinear") && e.getMessage().contains("--init-from"), e.getMessage());
        assertEquals(2, new Trainer(warpRun(linear, 3), TinyModel.dataset(4), quiet).run().step() - 1,
                "the same config resumes");
    }

    private TrainConfig warpRun(ModelConfig model, int steps) {
        return warpRun(model, dir.resolve("resume"), steps, false);
    }

    private static TrainConfig warpRun(ModelConfig model, Path out, int steps, boolean adversarial) {
        return new TrainConfig(model, out, steps, 2, 2, 1e-3f, 5e-4f, 0f, 0f, 0.999f, 0.99f, 1,
                adversarial, true, LossWeights.defaults(), 8, 16, null, 3L, List.of("test"), null);
    }

    @Test
    void thePoseEncodersOwnLearningRateMovesItFurtherThanTheRest() throws Exception {
        double same = poseOverIdentityChange(dir.resolve("same"), 0f);
        double faster = poseOverIdentityChange(dir.resolve("faster"), 1e-2f);
        // Adam moves a weight by about its rate per step when the gradient's sign holds, less when it
        // flips, so 10x the rate gives well under 10x the change in 5 noisy steps (4.0x with a sharp blend)
        assertTrue(faster > 3 * same, "pose/identity weight change: " + faster + " at 10x its rate vs " + same);
    }

    @Test
    void theTrustsExpressionHolesLearnFasterThanTheRestOfTheFlowDecoder() throws Exception {
        Path out = dir.resolve("holes");
        fiveSteps(out, 0f);
        double holes = meanChange(out, WarpRenderer::isExpressionHole);
        double rest = meanChange(out, name -> name.startsWith("warp_renderer/03flow") && !WarpRenderer.isExpressionHole(name));
        assertTrue(holes > 3 * rest, "mean weight change of the holes " + holes + " vs the rest of the flow decoder " + rest);
    }

    /** How far 5 steps move the pose encoder's weights relative to the identity encoder's. */
    private static double poseOverIdentityChange(Path out, float lrPose) throws Exception {
        fiveSteps(out, lrPose);
        return meanChange(out, name -> name.startsWith("pose_encoder/"))
                / meanChange(out, name -> name.startsWith("identity_encoder/"));
    }

    private static void fiveSteps(Path out, float lrPose) throws Exception {
        TrainConfig config = new TrainConfig(TinyModel.warpConfig(), out, 5, 4, 2, 1e-3f, 5e-4f, lrPose, 0f, 0.999f,
                0.99f, 5, false, true, LossWeights.defaults(), 8, 16, null, 3L, List.of("test"), null);
        new Trainer(config, TinyModel.dataset(6), new PrintStream(new ByteArrayOutputStream(), true)).run();
    }

    /** Mean absolute change per weight, from a fresh model to the 5-step checkpoint, of the parameters named. */
    private static double meanChange(Path out, java.util.function.Predicate<String> named) throws Exception {
        var before = new java.util.HashMap<String, float[]>();
        try (NDManager m = NDManager.newBaseManager();
             LatentPoseModel fresh = LatentPoseModel.create(TinyModel.warpConfig(), m, 0, 3L)) {
            fresh.parameters().forEach((name, p) -> before.put(name, p.getArray().toFloatArray()));
        }
        var after = WeightsFile.read(java.nio.file.Files.readAllBytes(
                out.resolve("checkpoints/step-0000005/model.weights")));
        double change = 0;
        long weights = 0;
        for (var e : after.entrySet()) {
            if (named.test(e.getKey())) {
                float[] a = e.getValue().values();
                float[] b = before.get(e.getKey());
                for (int i = 0; i < a.length; i++) {
                    change += Math.abs(a[i] - b[i]);
                }
                weights += a.length;
            }
        }
        return change / weights;
    }

    @Test
    void savedAndLoadedWeightsRenderTheSameFrame() throws Exception {
        ModelConfig c = TinyModel.warpConfig();
        try (NDManager m = NDManager.newBaseManager(); LatentPoseModel model = LatentPoseModel.create(c, m, 0, 7)) {
            InferenceCheckpoint.write(dir, model, null, WeightsFile.Precision.FP32);
            try (LatentPoseModel loaded = ExportedModel.load(dir, m)) {
                float[] a = warp(model, m, 1, 2).rgb().toFloatArray();
                float[] b = warp(loaded, m, 1, 2).rgb().toFloatArray();
                assertArrayEquals(a, b, 1e-6f);
            }
        }
    }

    private static WarpedFrame warp(LatentPoseModel model, NDManager m, int b, int k) {
        return warp(model, m, b, k, false);
    }

    private static WarpedFrame warp(LatentPoseModel model, NDManager m, int b, int k, boolean training) {
        ModelConfig c = model.config();
        int s = c.imageSize();
        ai.djl.engine.Engine.getInstance().setRandomSeed(5);
        NDArray sources = m.randomUniform(0f, 1f, new Shape(b, k, 3, s, s));
        NDArray masks = m.randomUniform(0f, 1f, new Shape(b, k, 1, s, s));
        NDArray driver = m.randomUniform(0f, 1f, new Shape(b, 3, s, s));
        NDArray identity = model.identity(sources);
        NDArray poses = model.pose(sources.reshape(b * k, 3, s, s)).reshape(b, k, c.poseDim());
        return model.warp(identity, model.pose(driver), poses, sources, masks, training);
    }

    private static double mean(LossHistory h, String name, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += h.rows().get(i).losses().get(name);
        }
        return s / (to - from);
    }
}
