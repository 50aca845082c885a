package io.reenact.model.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.AvatarSources;
import io.reenact.model.GeneratorWeights;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.Reenactor;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.WeightsFile;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.train.TinyModel;
import io.reenact.model.train.TrainerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTunerTest {

    @Test
    void fineTuningLowersReconstructionErrorOnTheAvatarsOwnFrames() throws Exception {
        List<RenderedFrame> avatar = avatarFrames();
        List<RgbImage> frames = avatar.stream().map(RenderedFrame::image).toList();
        List<Mask> masks = avatar.stream().map(RenderedFrame::mask).toList();
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel base = LatentPoseModel.create(TinyModel.config(), root, 0, 11)) {
            float[] before = base.parameters(LatentPoseModel.Part.GENERATOR).values().iterator().next()
                    .getArray().toFloatArray();
            FineTuner.Config config = new FineTuner.Config(40, 4, 2e-3f, 0f, WeightsFile.Precision.FP32, 1L);
            FineTuner.Result r = new FineTuner(base, config, TrainerTest.quietLogForOtherPackages()).fineTune(frames, masks);
            assertTrue(r.reconstructionAfter() < 0.8 * r.reconstructionBefore(),
                    "before " + r.reconstructionBefore() + ", after " + r.reconstructionAfter());
            assertEquals(TinyModel.config().identityDim(), r.identity().length);
            Map<String, WeightsFile.Tensor> tensors = WeightsFile.read(r.weights());
            assertTrue(tensors.keySet().stream().allMatch(k -> k.startsWith("mlp/") || k.startsWith("generator/")),
                    "only MLP and generator are fine-tuned: " + tensors.keySet());
            // the shared base model is left as it was
            float[] after = base.parameters(LatentPoseModel.Part.GENERATOR).values().iterator().next()
                    .getArray().toFloatArray();
            assertTrue(java.util.Arrays.equals(before, after), "base model must not change");
        }
    }

    @Test
    void theMovingAverageOfTheTunedWeightsIsWhatComesBack() throws Exception {
        List<RenderedFrame> avatar = avatarFrames();
        List<RgbImage> frames = avatar.stream().map(RenderedFrame::image).toList();
        List<Mask> masks = avatar.stream().map(RenderedFrame::mask).toList();
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel base = LatentPoseModel.create(TinyModel.config(), root, 0, 11)) {
            FineTuner.Result last = new FineTuner(base, new FineTuner.Config(40, 4, 2e-3f, 0f,
                    WeightsFile.Precision.FP32, 1L), TrainerTest.quietLogForOtherPackages()).fineTune(frames, masks);
            FineTuner.Result averaged = new FineTuner(base, new FineTuner.Config(40, 4, 2e-3f, 0.9f,
                    WeightsFile.Precision.FP32, 1L), TrainerTest.quietLogForOtherPackages()).fineTune(frames, masks);
            assertTrue(averaged.reconstructionAfter() < 0.8 * averaged.reconstructionBefore(),
                    "the average improves too: before " + averaged.reconstructionBefore() + ", after "
                            + averaged.reconstructionAfter());
            assertFalse(java.util.Arrays.equals(last.identity(), averaged.identity()),
                    "same steps, but the identity returned is the average, not the last one");
        }
    }

    @Test
    void fineTunesOnAThreadOfItsOwnAsEnrolmentDoes() throws Exception {
        // libtorch's grad mode is on by default in threads it did not start (a Kafka Streams thread):
        // in-place updates of anything that requires a gradient fail there
        List<RenderedFrame> avatar = avatarFrames();
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel base = LatentPoseModel.create(TinyModel.config(), root, 0, 11)) {
            FineTuner.Config config = new FineTuner.Config(3, 2, 2e-3f, 0.5f, WeightsFile.Precision.FP32, 1L);
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<FineTuner.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    result.set(new FineTuner(base, config, TrainerTest.quietLogForOtherPackages()).fineTune(
                            avatar.stream().map(RenderedFrame::image).toList(),
                            avatar.stream().map(RenderedFrame::mask).toList()));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.start();
            thread.join();
            assertEquals(null, failure.get(), "fine-tuning on another thread");
            assertEquals(3, result.get().steps());
        }
    }

    @Test
    void aWarpingModelTunesItsRendererAndServingDrawsTheAvatarWithIt() throws Exception {
        List<RenderedFrame> avatar = avatarFrames();
        List<RgbImage> frames = avatar.stream().map(RenderedFrame::image).toList();
        List<Mask> masks = avatar.stream().map(RenderedFrame::mask).toList();
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel base = LatentPoseModel.create(TinyModel.warpConfig(), root, 0, 11)) {
            FineTuner.Config config = new FineTuner.Config(60, 4, 2e-3f, 0f, WeightsFile.Precision.FP32, 1L);
            FineTuner.Result r = new FineTuner(base, config, TrainerTest.quietLogForOtherPackages()).fineTune(frames, masks);
            assertTrue(r.reconstructionAfter() < 0.8 * r.reconstructionBefore(),
                    "before " + r.reconstructionBefore() + ", after " + r.reconstructionAfter());
            Map<String, WeightsFile.Tensor> tensors = WeightsFile.read(r.weights());
            assertTrue(tensors.keySet().stream().allMatch(k -> k.startsWith("warp_renderer/")),
                    "the warping renderer is what is tuned: " + tensors.keySet());
            // of it the refiner only: the flow every driver's pose moves stays as trained
            Map<String, ai.djl.nn.Parameter> baseParams = base.parameters(LatentPoseModel.Part.WARP_RENDERER);
            int refinerChanged = 0;
            for (Map.Entry<String, WeightsFile.Tensor> e : tensors.entrySet()) {
                float[] tunedValues = e.getValue().values();
                float[] baseValues = baseParams.get(e.getKey()).getArray().toFloatArray();
                boolean changed = !java.util.Arrays.equals(tunedValues, baseValues);
                if (e.getKey().contains("refiner")) {
                    refinerChanged += changed ? 1 : 0;
                } else {
                    assertFalse(changed, e.getKey() + " is not tuned");
                }
            }
            assertTrue(refinerChanged > 0, "the refiner is tuned");

            // serving: the avatar's sources and its tuned renderer draw its own frames closer than the base does
            Reenactor reenactor = Reenactor.wrap(base, null, "test");
            AvatarSources sources = reenactor.prepareSources(frames, masks);
            try (GeneratorWeights tuned = reenactor.loadGeneratorWeights(r.weights())) {
                double baseError = 0;
                double tunedError = 0;
                for (RenderedFrame f : avatar) {
                    float[] pose = reenactor.encodePose(f.image());
                    RgbImage truth = io.reenact.model.eval.ImageMetrics.composeOnBlack(f.image(), f.mask());
                    baseError += meanAbs(reenactor.render(r.identity(), pose, sources).image(), truth);
                    tunedError += meanAbs(reenactor.render(tuned, r.identity(), pose, sources).image(), truth);
                }
                assertTrue(tunedError < 0.9 * baseError, "tuned " + tunedError + " vs base " + baseError);
            }
        }
    }

    @Test
    void eachFrameIsTunedFromTheKeptFrameServingWouldWarpForItsPoseNeverItself() {
        // 40 codes on a line, the first 20 far apart and the rest close together: varied() keeps
        // 16 of the spread ones, so a kept frame's nearest other kept frame is a step away, and a
        // frame that is not kept is drawn from the kept frame nearest it, as serving would choose
        float[][] poses = new float[40][];
        for (int i = 0; i < poses.length; i++) {
            poses[i] = new float[] {i < 20 ? i * 10f : 95f + i * 0.01f, 0f};
        }
        int[][] sources = FineTuner.sourcesOf(poses, null);
        int[] kept = io.reenact.model.WarpSources.varied(java.util.Arrays.asList(poses), io.reenact.model.WarpSources.KEPT);
        java.util.Set<Integer> keptSet = new java.util.HashSet<>();
        for (int k : kept) {
            keptSet.add(k);
        }
        for (int t = 0; t < poses.length; t++) {
            assertEquals(io.reenact.model.WarpSources.SERVING, sources[t].length);
            int s = sources[t][0];
            assertTrue(s != t, "frame " + t + " is not its own source");
            assertTrue(keptSet.contains(s), "frame " + t + " is drawn from a kept frame, not " + s);
            for (int k : kept) {
                if (k != t) {
                    assertTrue(Math.abs(poses[s][0] - poses[t][0]) <= Math.abs(poses[k][0] - poses[t][0]),
                            "frame " + t + ": kept frame " + k + " is nearer than the source " + s);
                }
            }
        }
    }

    private static double meanAbs(RgbImage a, RgbImage b) {
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return sum / a.pixels().length;
    }

    /** Six frames of one synthetic person, 32². */
    private static List<RenderedFrame> avatarFrames() {
        SyntheticVideo video = TinyModel.dataset(1).video(0);
        List<RenderedFrame> frames = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            frames.add(video.frame(t * 2, 32));
        }
        return frames;
    }
}
