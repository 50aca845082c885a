package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.train.ImageTensors;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReenactorTest {

    private static Reenactor reenactor;

    @BeforeAll
    static void load() {
        reenactor = Reenactor.untrained(ModelConfig.cpu128(), 11);
    }

    @AfterAll
    static void close() {
        reenactor.close();
    }

    static RgbImage noise(int w, int h, long seed) {
        byte[] p = new byte[w * h * 3];
        new Random(seed).nextBytes(p);
        return new RgbImage(w, h, p);
    }

    @Test
    void roundTripFromImagesToRendering() {
        float[] identity = reenactor.encodeIdentity(List.of(noise(96, 80, 1), noise(200, 200, 2)));
        assertEquals(256, identity.length);
        float[] pose = reenactor.encodePose(noise(64, 64, 3));
        assertEquals(64, pose.length);
        Rendering r = reenactor.render(identity, pose);
        assertEquals(128, r.image().width());
        assertEquals(128, r.rgb().height());
        assertEquals(128, r.mask().width());
        // the output image is RGB × mask: never brighter than the RGB, black where the mask is 0
        for (int i = 0; i < 128 * 128; i++) {
            int a = r.mask().alpha()[i] & 0xff;
            for (int c = 0; c < 3; c++) {
                int img = r.image().pixels()[i * 3 + c] & 0xff;
                int rgb = r.rgb().pixels()[i * 3 + c] & 0xff;
                assertTrue(img <= rgb + 1, "image exceeds rgb at " + i);
                assertTrue(Math.abs(img - rgb * a / 255.0) <= 2.0, "image is not rgb × mask at " + i);
            }
        }
        float[] otherPose = reenactor.encodePose(noise(64, 64, 4));
        assertFalse(java.util.Arrays.equals(pose, otherPose));
        List<Rendering> batch = reenactor.render(identity, List.of(pose, otherPose));
        // batched kernels may round differently: allow one step of 8-bit quantisation
        byte[] single = r.rgb().pixels();
        byte[] batched = batch.get(0).rgb().pixels();
        for (int i = 0; i < single.length; i++) {
            assertTrue(Math.abs((single[i] & 0xff) - (batched[i] & 0xff)) <= 1, "batch differs at " + i);
        }
    }

    @Test
    void identityIsTheMeanOverFrames() {
        RgbImage a = noise(128, 128, 5);
        RgbImage b = noise(128, 128, 6);
        float[] ia = reenactor.encodeIdentity(List.of(a));
        float[] ib = reenactor.encodeIdentity(List.of(b));
        float[] iab = reenactor.encodeIdentity(List.of(a, b));
        for (int i = 0; i < ia.length; i++) {
            assertEquals((ia[i] + ib[i]) / 2, iab[i], 1e-4f);
        }
    }

    @Test
    void segmentKeepsTheFrameSize() {
        Mask m = reenactor.segment(noise(160, 120, 7));
        assertEquals(160, m.width());
        assertEquals(120, m.height());
    }

    /**
     * Loaded weights render through {@link io.reenact.model.layers.NearestUpsampleConv}, which sums
     * in another order than the in-memory model: a pixel may round to the neighbouring 8-bit level.
     */
    private static void assertWithinOneLevel(byte[] expected, byte[] got) {
        assertEquals(expected.length, got.length);
        int differing = 0;
        for (int i = 0; i < got.length; i++) {
            int d = Math.abs((expected[i] & 0xff) - (got[i] & 0xff));
            assertTrue(d <= 1, "pixel value " + i + " differs by " + d);
            differing += d;
        }
        assertTrue(differing < got.length / 100, differing + " of " + got.length + " values differ");
    }

    @Test
    void checkpointAndGeneratorWeightsRoundTrip(@TempDir Path dir) throws Exception {
        LatentPoseModel model = reenactor.model();
        InferenceCheckpoint.write(dir, model, null, WeightsFile.Precision.FP32);
        float[] identity = reenactor.encodeIdentity(List.of(noise(128, 128, 8)));
        float[] pose = reenactor.encodePose(noise(128, 128, 9));
        Rendering expected = reenactor.render(identity, pose);
        try (Reenactor loaded = Reenactor.load(dir)) {
            assertTrue(loaded.modelVersion().startsWith("cpu-128@"), loaded.modelVersion());
            assertFalse(loaded.hasTrainedSegmenter());
            assertArrayEquals(identity, loaded.encodeIdentity(List.of(noise(128, 128, 8))), 0f);
            assertWithinOneLevel(expected.image().pixels(), loaded.render(identity, pose).image().pixels());
        }
        float[] tuned = identity.clone();
        tuned[0] += 1f;
        byte[] weights = GeneratorWeights.toBytes(model, tuned, WeightsFile.Precision.FP32);
        try (GeneratorWeights avatar = reenactor.loadGeneratorWeights(weights)) {
            assertArrayEquals(tuned, avatar.identity().orElseThrow(), 0f);
            assertWithinOneLevel(expected.rgb().pixels(), reenactor.render(avatar, identity, pose).rgb().pixels());
            assertNotEquals(expected.rgb(), reenactor.render(avatar, tuned, pose).rgb());
        }
    }

    @Test
    void aWarpingAvatarsSourcesArePreparedOnceAndEachFrameWarpsThoseNearestTheDriversPose() {
        try (Reenactor warp = Reenactor.untrained(io.reenact.model.train.TinyModel.warpConfig(), 12)) {
            List<RgbImage> frames = List.of(noise(32, 32, 40), noise(32, 32, 41), noise(32, 32, 42));
            float[] identity = warp.encodeIdentity(frames);
            AvatarSources sources = warp.prepareSources(frames, frames.stream().map(warp::segment).toList());
            assertEquals(3, sources.count());
            float[] pose = warp.encodePose(frames.get(2));
            int[] near = WarpSources.nearest(sources.poses(), pose, WarpSources.SERVING);
            assertEquals(2, near[0], "a driver in frame 2's pose is nearest frame 2");
            byte[] served = warp.render(identity, pose, sources).rgb().pixels();
            int arrays = warp.liveArrayCount();
            assertArrayEquals(served, warp.render(identity, pose, sources).rgb().pixels(),
                    "the second frame reuses the prepared sources to the same result");
            assertEquals(arrays, warp.liveArrayCount(), "choosing sources leaves no engine arrays behind");
            assertWithinOneLevel(warpedByTheModel(warp, identity, pose, sources), served);
            // the served sources are enlarged for sampling as frames first pick them: the other
            // frames' poses pick sources not picked before, and come out as the model warps them
            for (int other : new int[] {0, 1}) {
                float[] otherPose = warp.encodePose(frames.get(other));
                assertWithinOneLevel(warpedByTheModel(warp, identity, otherPose, sources),
                        warp.render(identity, otherPose, sources).rgb().pixels());
            }
            int enlarged = warp.liveArrayCount();
            assertEquals(arrays + 2, enlarged, "the two sources picked later are kept enlarged, and nothing else");
            assertArrayEquals(served, warp.render(identity, pose, sources).rgb().pixels());
            warp.render(identity, warp.encodePose(frames.get(0)), sources);
            assertEquals(enlarged, warp.liveArrayCount(), "a source is enlarged once");
        }
    }

    /** The frame as the model warps the sources the served frame picks, enlarging them itself. */
    private static byte[] warpedByTheModel(Reenactor warp, float[] identity, float[] pose, AvatarSources sources) {
        int[] near = WarpSources.nearest(sources.poses(), pose, WarpSources.SERVING);
        int s = sources.size();
        int k = near.length;
        float[] poses = new float[k * pose.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(sources.poses().get(near[i]), 0, poses, i * pose.length, pose.length);
        }
        List<RgbImage> images = java.util.Arrays.stream(near).mapToObj(sources.images()::get).toList();
        List<Mask> masks = java.util.Arrays.stream(near).mapToObj(sources.masks()::get).toList();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] rgb = warp.model().warp(m.create(identity, new ai.djl.ndarray.types.Shape(1, identity.length)),
                    m.create(pose, new ai.djl.ndarray.types.Shape(1, pose.length)),
                    m.create(poses, new ai.djl.ndarray.types.Shape(1, k, pose.length)),
                    ImageTensors.images(m, images).reshape(1, k, 3, s, s),
                    ImageTensors.masks(m, masks).reshape(1, k, 1, s, s), false).rgb().toFloatArray();
            return Pixels.fromChw(rgb, 0, s).pixels();
        }
    }

    @Test
    void aCheckpointsExpressionReadingChoosesTheFrameAWarpingModelWarps(@TempDir Path dir) throws Exception {
        List<RgbImage> frames = List.of(noise(32, 32, 40), noise(32, 32, 41), noise(32, 32, 42));
        try (Reenactor untrained = Reenactor.untrained(io.reenact.model.train.TinyModel.warpConfig(), 12)) {
            InferenceCheckpoint.write(dir, untrained.model(), null, WeightsFile.Precision.FP32);
        }
        try (Reenactor plain = Reenactor.load(dir)) {
            float[] identity = plain.encodeIdentity(frames);
            AvatarSources sources = plain.prepareSources(frames, frames.stream().map(plain::segment).toList());
            // a driver a little off frame 2's pose: by code alone, frame 2 is warped
            float[] driver = sources.poses().get(2).clone();
            Random random = new Random(3);
            for (int j = 0; j < driver.length; j++) {
                driver[j] += 0.05f * (float) random.nextGaussian();
            }
            assertEquals(2, WarpSources.nearest(sources.poses(), driver, 1)[0]);
            // a reading that sees no difference between the driver and frame 0 and a large one to the others
            float[] u = minus(sources.poses().get(0), driver);
            float[] v = minus(sources.poses().get(2), driver);
            float along = dot(v, u) / dot(u, u);
            float[] row = new float[driver.length + 1];
            for (int j = 0; j < driver.length; j++) {
                row[j] = v[j] - along * u[j];
            }
            new ExpressionReading(1e6f, new float[][] {row, row, row, row}, "test").write(dir);
            try (Reenactor reading = Reenactor.load(dir)) {
                AvatarSources onlyFrame0 = new AvatarSources(List.of(sources.images().get(0)),
                        List.of(sources.masks().get(0)), List.of(sources.poses().get(0)));
                byte[] chosen = reading.render(identity, driver, sources).rgb().pixels();
                assertArrayEquals(plain.render(identity, driver, onlyFrame0).rgb().pixels(), chosen,
                        "the reading chose frame 0");
                assertFalse(java.util.Arrays.equals(plain.render(identity, driver, sources).rgb().pixels(), chosen),
                        "by code alone another frame is warped");
            }
            new ExpressionReading(1f, new float[][] {new float[3], new float[3], new float[3], new float[3]}, "test")
                    .write(dir);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Reenactor.load(dir));
            assertTrue(e.getMessage().contains("expression.json"), e.getMessage());
        }
    }

    private static float[] minus(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j] - b[j];
        }
        return out;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    @Test
    void shippedOrFallbackLoads() {
        try (Reenactor shipped = Reenactor.loadShipped()) {
            assertTrue(shipped.modelVersion().startsWith(ModelConfig.DEFAULT_NAME + "@"), shipped.modelVersion());
            assertEquals(64, shipped.encodePose(noise(128, 128, 1)).length);
        }
    }

    /**
     * Loaded weights take the folded inference path ({@link io.reenact.model.layers.NearestUpsampleConv},
     * which keeps indices per size), which untrained ones never do: a served frame there must leave
     * nothing behind either.
     */
    @Test
    void servedWarpFramesOnLoadedWeightsLeaveNoEngineArraysBehind() {
        try (Reenactor shipped = Reenactor.loadShipped()) {
            List<RgbImage> frames = List.of(noise(128, 128, 50), noise(128, 128, 51));
            float[] identity = shipped.encodeIdentity(frames);
            AvatarSources sources = shipped.prepareSources(frames, frames.stream().map(shipped::segment).toList());
            float[] pose = shipped.encodePose(frames.get(0));
            shipped.render(identity, pose, sources);
            int before = shipped.liveArrayCount();
            for (int i = 0; i < 20; i++) {
                shipped.render(identity, pose, sources);
            }
            assertEquals(before, shipped.liveArrayCount());
        }
    }

    @Test
    void callsLeaveNoEngineArraysBehind() {
        float[] identity = reenactor.encodeIdentity(List.of(noise(128, 128, 10)));
        RgbImage frame = noise(128, 128, 11);
        reenactor.render(identity, reenactor.encodePose(frame));
        reenactor.segment(frame);
        int before = reenactor.liveArrayCount();
        assertTrue(before > 0);
        for (int i = 0; i < 200; i++) {
            reenactor.render(identity, reenactor.encodePose(frame));
            reenactor.segment(frame);
        }
        assertEquals(before, reenactor.liveArrayCount());
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        float[] identity = reenactor.encodeIdentity(List.of(noise(128, 128, 20)));
        RgbImage[] frames = {noise(128, 128, 21), noise(128, 128, 22), noise(128, 128, 23), noise(128, 128, 24)};
        byte[][] expected = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            expected[i] = reenactor.render(identity, reenactor.encodePose(frames[i])).image().pixels();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (RgbImage f : frames) {
                    results.add(pool.submit(() -> reenactor.render(identity, reenactor.encodePose(f)).image().pixels()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                byte[] got = results.get(i).get();
                byte[] want = expected[i % frames.length];
                for (int p = 0; p < want.length; p++) {
                    assertTrue(Math.abs((got[p] & 0xff) - (want[p] & 0xff)) <= 1, "result " + i + " differs at " + p);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
