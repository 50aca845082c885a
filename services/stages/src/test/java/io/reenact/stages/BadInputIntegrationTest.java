package io.reenact.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.Topics;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.segment.SegmentTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad record per test, sent between good frames of the same stream through the whole pipeline
 * on a real broker: the bad record lands on the dead-letter topic with its reason and original
 * bytes, and every good frame around it still comes out, in order.
 */
class BadInputIntegrationTest {

    private static final int GOOD_BEFORE = 3;
    private static final int GOOD_AFTER = 3;
    private static final FrameLimits LIMITS = new FrameLimits(256 * 256, 256 * 1024);

    @TempDir
    static Path stateDir;
    private static PipelineHarness pipeline;
    private static float[] identity;

    @BeforeAll
    static void start() {
        pipeline = new PipelineHarness(stateDir,
                StageOptions.defaults().withDeadline(Duration.ofMinutes(2)).withLimits(LIMITS));
        identity = ShippedModels.models().encodeIdentity(List.of(TestFrames.head(128, 5, 0), TestFrames.head(128, 5, 4)));
        pipeline.putAvatar(StageFixtures.avatar("eve", identity, ShippedModels.models().modelVersion()));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            System.out.println("per-stage processing on this machine:\n" + pipeline.metrics.summary());
            pipeline.close();
        }
    }

    private final AtomicLong sequence = new AtomicLong();

    private void sendGood(String stream, int n) {
        for (int i = 0; i < n; i++) {
            pipeline.send(Topics.DRIVER_FRAMES, stream, StageFixtures.avro(StageFixtures.driverFrame(stream,
                    sequence.getAndIncrement(), System.currentTimeMillis(), 3)));
        }
    }

    /** Good frames, the bad record on {@code topic}, good frames; then checks both outcomes. */
    private DeadLetter sendAround(String stream, String topic, byte[] bad, DeadLetterReason expected) {
        sendGood(stream, GOOD_BEFORE);
        pipeline.send(topic, stream, bad);
        sendGood(stream, GOOD_AFTER);
        PipelineHarness.await(Duration.ofSeconds(90), () -> pipeline.reenactedOf(stream).size() >= GOOD_BEFORE + GOOD_AFTER
                && !pipeline.deadLettersWithKey(stream).isEmpty(), "good frames and the dead letter of " + stream);
        List<ReenactedFrame> out = pipeline.reenactedOf(stream);
        assertEquals(GOOD_BEFORE + GOOD_AFTER, out.size(), "every good frame of " + stream);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i).getSequence(), "order of " + stream);
        }
        List<DeadLetter> letters = pipeline.deadLettersWithKey(stream);
        assertEquals(1, letters.size(), "one dead letter for " + stream);
        DeadLetter letter = letters.get(0);
        assertEquals(expected, DeadLetterReason.of(letter.getReason()), letter.getReason());
        assertEquals(topic, letter.getSourceTopic());
        assertTrue(letter.getOffset() >= 0);
        assertArrayEquals(bad, StageFixtures.original(letter), "the original bytes");
        return letter;
    }

    private String boundStream(String name) {
        pipeline.bind(name, "eve");
        return name;
    }

    @Test
    void corruptJpeg() {
        String s = boundStream("corrupt-jpeg");
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(128, 1, 0), 90);
        byte[] corrupt = Arrays.copyOf(jpeg, jpeg.length / 2);
        DeadLetter letter = sendAround(s, Topics.DRIVER_FRAMES, StageFixtures.avro(
                StageFixtures.driverFrame(s, 999, System.currentTimeMillis(), FrameEncoding.JPEG, 128, 128, corrupt)),
                DeadLetterReason.CORRUPT_IMAGE);
        assertEquals(SegmentTopology.STAGE, letter.getStage());
    }

    @Test
    void garbageAvro() {
        String s = boundStream("garbage-avro");
        sendAround(s, Topics.DRIVER_FRAMES, StageFixtures.garbage(500, 42), DeadLetterReason.UNDECODABLE_RECORD);
    }

    @Test
    void truncatedAvro() {
        String s = boundStream("truncated-avro");
        byte[] good = StageFixtures.avro(StageFixtures.driverFrame(s, 999, System.currentTimeMillis(), 3));
        sendAround(s, Topics.DRIVER_FRAMES, StageFixtures.truncated(good), DeadLetterReason.UNDECODABLE_RECORD);
    }

    @Test
    void wrongDimensions() {
        String s = boundStream("wrong-dimensions");
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(128, 1, 0), 90);
        sendAround(s, Topics.DRIVER_FRAMES, StageFixtures.avro(
                StageFixtures.driverFrame(s, 999, System.currentTimeMillis(), FrameEncoding.JPEG, 128, 100, jpeg)),
                DeadLetterReason.WRONG_DIMENSIONS);
    }

    @Test
    void oversizedFrame() {
        String s = boundStream("oversized");
        byte[] big = ImageCodecs.encodeJpeg(TestFrames.head(640, 1, 0), 90);
        sendAround(s, Topics.DRIVER_FRAMES, StageFixtures.avro(
                StageFixtures.driverFrame(s, 999, System.currentTimeMillis(), FrameEncoding.JPEG, 640, 640, big)),
                DeadLetterReason.OVERSIZED_FRAME);
    }

    @Test
    void unknownStreamBinding() {
        String bound = boundStream("bound-next-to-unbound");
        String unbound = "never-bound";
        byte[] frame = StageFixtures.avro(StageFixtures.driverFrame(unbound, 0, System.currentTimeMillis(), 3));
        sendGood(bound, GOOD_BEFORE);
        pipeline.send(Topics.DRIVER_FRAMES, unbound, frame);
        sendGood(bound, GOOD_AFTER);
        PipelineHarness.await(Duration.ofSeconds(90), () -> pipeline.reenactedOf(bound).size() >= GOOD_BEFORE + GOOD_AFTER
                && !pipeline.deadLettersWithKey(unbound).isEmpty(), "frames and dead letter");
        assertEquals(GOOD_BEFORE + GOOD_AFTER, pipeline.reenactedOf(bound).size());
        DeadLetter letter = pipeline.deadLettersWithKey(unbound).get(0);
        assertEquals(DeadLetterReason.UNKNOWN_BINDING, DeadLetterReason.of(letter.getReason()), letter.getReason());
        assertEquals(Topics.POSE_EMBEDDINGS, letter.getSourceTopic(), "refused by the generator");
        assertTrue(pipeline.reenactedOf(unbound).isEmpty());
    }

    @Test
    void unknownAvatar() {
        String bound = boundStream("bound-next-to-ghost");
        String ghost = "bound-to-ghost";
        pipeline.bind(ghost, "no-such-avatar");
        sendGood(bound, GOOD_BEFORE);
        pipeline.send(Topics.DRIVER_FRAMES, ghost,
                StageFixtures.avro(StageFixtures.driverFrame(ghost, 0, System.currentTimeMillis(), 3)));
        sendGood(bound, GOOD_AFTER);
        PipelineHarness.await(Duration.ofSeconds(90), () -> pipeline.reenactedOf(bound).size() >= GOOD_BEFORE + GOOD_AFTER
                && !pipeline.deadLettersWithKey(ghost).isEmpty(), "frames and dead letter");
        assertEquals(GOOD_BEFORE + GOOD_AFTER, pipeline.reenactedOf(bound).size());
        DeadLetter letter = pipeline.deadLettersWithKey(ghost).get(0);
        assertEquals(DeadLetterReason.UNKNOWN_AVATAR, DeadLetterReason.of(letter.getReason()), letter.getReason());
    }

    @Test
    void nanInPoseVector() {
        String s = boundStream("nan-pose");
        float[] pose = ShippedModels.models().encodePose(TestFrames.head(128, 3, 0));
        pose[3] = Float.NaN;
        PoseEmbedding bad = StageFixtures.poseEmbedding(s, 999, System.currentTimeMillis(), pose);
        DeadLetter letter = sendAround(s, Topics.POSE_EMBEDDINGS, StageFixtures.avro(bad),
                DeadLetterReason.NON_FINITE_EMBEDDING);
        assertTrue(letter.getReason().contains("NaN"), letter.getReason());
    }

    @Test
    void nanInAvatarIdentity() {
        float[] broken = identity.clone();
        broken[0] = Float.NaN;
        pipeline.putAvatar(StageFixtures.avatar("broken", broken, ShippedModels.models().modelVersion()));
        String good = boundStream("bound-next-to-nan-avatar");
        String nan = "bound-to-nan-avatar";
        pipeline.bind(nan, "broken");
        sendGood(good, GOOD_BEFORE);
        pipeline.send(Topics.DRIVER_FRAMES, nan,
                StageFixtures.avro(StageFixtures.driverFrame(nan, 0, System.currentTimeMillis(), 3)));
        sendGood(good, GOOD_AFTER);
        PipelineHarness.await(Duration.ofSeconds(90), () -> pipeline.reenactedOf(good).size() >= GOOD_BEFORE + GOOD_AFTER
                && !pipeline.deadLettersWithKey(nan).isEmpty(), "frames and dead letter");
        assertEquals(GOOD_BEFORE + GOOD_AFTER, pipeline.reenactedOf(good).size());
        DeadLetter letter = pipeline.deadLettersWithKey(nan).get(0);
        assertEquals(DeadLetterReason.NON_FINITE_EMBEDDING, DeadLetterReason.of(letter.getReason()), letter.getReason());
        assertTrue(letter.getReason().contains("identity"), letter.getReason());
    }

    @Test
    void lateFrameIsDroppedNotDeadLetteredNorQueued() {
        String s = boundStream("late");
        long droppedBefore = pipeline.metrics.stage(SegmentTopology.STAGE).dropped.sum();
        sendGood(s, 2);
        pipeline.send(Topics.DRIVER_FRAMES, s, StageFixtures.avro(StageFixtures.driverFrame(s, 999,
                System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), 3)));
        sendGood(s, 2);
        PipelineHarness.await(Duration.ofSeconds(90), () -> pipeline.reenactedOf(s).size() >= 4, "good frames");
        PipelineHarness.await(Duration.ofSeconds(10),
                () -> pipeline.metrics.stage(SegmentTopology.STAGE).dropped.sum() > droppedBefore, "drop counted");
        assertTrue(pipeline.reenactedOf(s).stream().noneMatch(f -> f.getSequence() == 999));
        assertTrue(pipeline.deadLettersWithKey(s).isEmpty());
    }
}
