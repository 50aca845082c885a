package io.reenact.generate;

import static io.reenact.stages.StageFixtures.avatar;
import static io.reenact.stages.StageFixtures.avro;
import static io.reenact.stages.StageFixtures.binding;
import static io.reenact.stages.StageFixtures.poseEmbedding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageClock;
import io.reenact.common.Topics;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.avatar.AvatarFineTuner;
import io.reenact.avatar.EnrolTopology;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.WeightsRef;
import io.reenact.stages.Digests;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.RecordedStageMetrics;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.ShippedModels;
import io.reenact.stages.StageFixtures;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import io.reenact.stages.TestFrames;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerateTopologyTest {

    private static final long T0 = 1_700_000_000_000L;

    private final StageClock.Manual clock = StageClock.manual(T0);
    private final ReenactorModels models = ShippedModels.models();
    private RecordedStageMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> poses;
    private TestInputTopic<String, byte[]> bindings;
    private TestInputTopic<String, byte[]> avatars;
    private TestInputTopic<String, byte[]> weights;
    private GenerateTopology topology;
    private TestOutputTopic<String, ReenactedFrame> out;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        metrics = new RecordedStageMetrics();
        StageOptions options = StageOptions.defaults().withClock(clock).withMetrics(metrics)
                .withDeadline(Duration.ofMillis(500));
        topology = new GenerateTopology(models, options, 4);
        driver = new TopologyTestDriver(topology.build(),
                StageFixtures.driverProps("generate-test"));
        poses = driver.createInputTopic(Topics.POSE_EMBEDDINGS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        bindings = driver.createInputTopic(Topics.SESSION_BINDINGS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        avatars = driver.createInputTopic(Topics.AVATARS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        weights = driver.createInputTopic(Topics.AVATAR_WEIGHTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic(Topics.REENACTED_FRAMES, Serdes.String().deserializer(),
                ReenactSerdes.forType(ReenactedFrame.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                ReenactSerdes.forType(DeadLetter.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private float[] identityOf(long seed) {
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(TestFrames.head(128, seed, i * 5));
        }
        return models.encodeIdentity(frames);
    }

    private PoseEmbedding pose(String stream, long seq) {
        PoseEmbedding p = poseEmbedding(stream, seq, T0, models.encodePose(TestFrames.head(128, 9, (int) seq)));
        p.setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(TestFrames.head(128, 9, (int) seq), 80)));
        return p;
    }

    @Test
    void boundStreamsAreRenderedWithTheirAvatarInOrder() {
        avatars.pipeInput("alice", avro(avatar("alice", identityOf(1), models.modelVersion())));
        avatars.pipeInput("bob", avro(avatar("bob", identityOf(2), models.modelVersion())));
        bindings.pipeInput("s1", avro(binding("s1", "alice")));
        bindings.pipeInput("s2", avro(binding("s2", "bob")));
        for (int seq = 0; seq < 4; seq++) {
            poses.pipeInput("s1", avro(pose("s1", seq)));
            poses.pipeInput("s2", avro(pose("s2", seq)));
        }
        List<KeyValue<String, ReenactedFrame>> results = out.readKeyValuesToList();
        assertEquals(8, results.size());
        long[] next = new long[2];
        byte[] aliceFirst = null;
        byte[] bobFirst = null;
        for (KeyValue<String, ReenactedFrame> kv : results) {
            ReenactedFrame f = kv.value;
            int s = kv.key.equals("s1") ? 0 : 1;
            assertEquals(next[s]++, f.getSequence());
            assertEquals(s == 0 ? "alice" : "bob", f.getAvatarId());
            RgbImage image = ImageCodecs.decodeRgb(StageProcessor.bytes(f.getImage()), "JPEG");
            Mask mask = ImageCodecs.decodeMaskPng(StageProcessor.bytes(f.getMask()));
            assertEquals(f.getWidth(), image.width());
            assertEquals(f.getHeight(), mask.height());
            assertTrue(f.getDriver() != null && f.getDriver().remaining() > 0, "driver JPEG carried");
            assertEquals(GenerateTopology.STAGE, f.getTimings().get(f.getTimings().size() - 1).getStage());
            assertTrue(f.getTimings().get(f.getTimings().size() - 1).getModelMicros() > 0);
            if (f.getSequence() == 0) {
                if (s == 0) {
                    aliceFirst = image.pixels();
                } else {
                    bobFirst = image.pixels();
                }
            }
        }
        assertTrue(!java.util.Arrays.equals(aliceFirst, bobFirst), "same pose, different avatars: different frames");
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void unknownBindingUnknownAvatarNanAndGarbageBecomeDeadLettersAndGoodFramesContinue() {
        float[] nanIdentity = identityOf(3);
        nanIdentity[5] = Float.NaN;
        avatars.pipeInput("alice", avro(avatar("alice", identityOf(1), models.modelVersion())));
        avatars.pipeInput("nan", avro(avatar("nan", nanIdentity, models.modelVersion())));
        bindings.pipeInput("good", avro(binding("good", "alice")));
        bindings.pipeInput("ghost", avro(binding("ghost", "nobody")));
        bindings.pipeInput("nan", avro(binding("nan", "nan")));

        PoseEmbedding nanPose = pose("good", 99);
        List<Float> v = new ArrayList<>(nanPose.getVector());
        v.set(0, Float.NaN);
        nanPose.setVector(v);

        List<KeyValue<String, byte[]>> bad = List.of(
                KeyValue.pair("unbound", avro(pose("unbound", 0))),
                KeyValue.pair("ghost", avro(pose("ghost", 0))),
                KeyValue.pair("nan", avro(pose("nan", 0))),
                KeyValue.pair("good", avro(nanPose)),
                KeyValue.pair("good", StageFixtures.garbage(80, 4)));
        List<DeadLetterReason> reasons = List.of(DeadLetterReason.UNKNOWN_BINDING, DeadLetterReason.UNKNOWN_AVATAR,
                DeadLetterReason.NON_FINITE_EMBEDDING, DeadLetterReason.NON_FINITE_EMBEDDING,
                DeadLetterReason.UNDECODABLE_RECORD);
        long seq = 0;
        for (KeyValue<String, byte[]> b : bad) {
            poses.pipeInput("good", avro(pose("good", seq++)));
            poses.pipeInput(b.key, b.value);
        }
        poses.pipeInput("good", avro(pose("good", seq++)));

        List<ReenactedFrame> results = out.readValuesToList();
        assertEquals(seq, results.size());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).getSequence());
        }
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertEquals(bad.size(), letters.size());
        for (int i = 0; i < bad.size(); i++) {
            assertEquals(reasons.get(i), DeadLetterReason.of(letters.get(i).getReason()), letters.get(i).getReason());
            assertArrayEquals(bad.get(i).value, StageFixtures.original(letters.get(i)));
            assertEquals(Topics.POSE_EMBEDDINGS, letters.get(i).getSourceTopic());
            assertEquals(2L * i + 1, letters.get(i).getOffset());
        }
    }

    @Test
    void aDeletedAvatarOrBindingStopsRenderingThatStream() {
        avatars.pipeInput("alice", avro(avatar("alice", identityOf(1), models.modelVersion())));
        bindings.pipeInput("s", avro(binding("s", "alice")));
        poses.pipeInput("s", avro(pose("s", 0)));
        avatars.pipeInput("alice", (byte[]) null);
        poses.pipeInput("s", avro(pose("s", 1)));
        assertEquals(1, out.readValuesToList().size());
        assertEquals(DeadLetterReason.UNKNOWN_AVATAR,
                DeadLetterReason.of(deadLetters.readValue().getReason()));
        avatars.pipeInput("alice", avro(avatar("alice", identityOf(1), models.modelVersion())));
        bindings.pipeInput("s", (byte[]) null);
        poses.pipeInput("s", avro(pose("s", 2)));
        assertEquals(DeadLetterReason.UNKNOWN_BINDING,
                DeadLetterReason.of(deadLetters.readValue().getReason()));
    }

    @Test
    void lateFramesAreDroppedAndCounted() {
        avatars.pipeInput("alice", avro(avatar("alice", identityOf(1), models.modelVersion())));
        bindings.pipeInput("s", avro(binding("s", "alice")));
        PoseEmbedding late = pose("s", 0);
        late.setCaptureTimeMs(T0 - 501);
        poses.pipeInput("s", avro(late));
        poses.pipeInput("s", avro(pose("s", 1)));
        List<ReenactedFrame> results = out.readValuesToList();
        assertEquals(1, results.size());
        assertEquals(1L, results.get(0).getSequence());
        assertEquals(1, metrics.stage(GenerateTopology.STAGE).dropped.sum());
    }

    @Test
    void aFineTunedAvatarIsRenderedWithItsOwnWeightsLoadedOnce() {
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(TestFrames.head(128, 6, i * 4));
        }
        AvatarFineTuner.Result tuned = models.fineTuner().orElseThrow().fineTune(frames, 2);
        String sha = Digests.sha256(tuned.weights());
        Avatar plain = avatar("plain", tuned.identity(), models.modelVersion());
        Avatar fine = Avatar.newBuilder(avatar("fine", tuned.identity(), models.modelVersion()))
                .setWeights(new WeightsRef(io.reenact.avatar.FineTuneWorker.weightsUri(Topics.AVATAR_WEIGHTS, sha), sha,
                        (long) tuned.weights().length))
                .build();
        weights.pipeInput(sha, tuned.weights());
        avatars.pipeInput("plain", avro(plain));
        avatars.pipeInput("fine", avro(fine));
        bindings.pipeInput("p", avro(binding("p", "plain")));
        bindings.pipeInput("f", avro(binding("f", "fine")));
        for (int seq = 0; seq < 3; seq++) {
            poses.pipeInput("p", avro(pose("p", seq)));
            poses.pipeInput("f", avro(pose("f", seq)));
        }
        List<ReenactedFrame> results = out.readValuesToList();
        assertEquals(6, results.size());
        assertTrue(deadLetters.isEmpty());
        assertEquals(1, topology.fineTunedRenderers().loads(), "weights loaded once for all frames");
        byte[] plainFirst = StageProcessor.bytes(results.get(0).getImage());
        byte[] fineFirst = StageProcessor.bytes(results.get(1).getImage());
        assertEquals("fine", results.get(1).getAvatarId());
        assertTrue(!java.util.Arrays.equals(plainFirst, fineFirst), "same identity and pose, tuned weights: other frame");
    }

    @Test
    void weightsThatDoNotMatchTheirDigestAreRefusedAndMissingOnesFallBackToTheShippedGenerator() {
        float[] identity = identityOf(1);
        String claimed = "00".repeat(32);
        Avatar forged = Avatar.newBuilder(avatar("forged", identity, models.modelVersion()))
                .setWeights(new WeightsRef(io.reenact.avatar.FineTuneWorker.weightsUri(Topics.AVATAR_WEIGHTS, claimed), claimed, 3L))
                .build();
        String absent = "ab".repeat(32);
        Avatar waiting = Avatar.newBuilder(avatar("waiting", identity, models.modelVersion()))
                .setWeights(new WeightsRef(io.reenact.avatar.FineTuneWorker.weightsUri(Topics.AVATAR_WEIGHTS, absent), absent, 3L))
                .build();
        weights.pipeInput(claimed, new byte[] {1, 2, 3});
        avatars.pipeInput("forged", avro(forged));
        avatars.pipeInput("waiting", avro(waiting));
        bindings.pipeInput("x", avro(binding("x", "forged")));
        bindings.pipeInput("y", avro(binding("y", "waiting")));
        poses.pipeInput("x", avro(pose("x", 0)));
        poses.pipeInput("y", avro(pose("y", 0)));
        List<ReenactedFrame> results = out.readValuesToList();
        assertEquals(List.of("waiting"), results.stream().map(ReenactedFrame::getAvatarId).toList());
        DeadLetter letter = deadLetters.readValue();
        assertEquals(DeadLetterReason.UNKNOWN_AVATAR, DeadLetterReason.of(letter.getReason()), letter.getReason());
        assertTrue(letter.getReason().contains("digest"), letter.getReason());
    }
}
