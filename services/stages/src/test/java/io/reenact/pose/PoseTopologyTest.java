package io.reenact.pose;

import static io.reenact.stages.StageFixtures.avro;
import static io.reenact.stages.StageFixtures.driverFrame;
import static io.reenact.stages.StageFixtures.segmented;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageClock;
import io.reenact.common.Topics;
import io.reenact.model.Mask;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.FrameMask;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.SegmentedFrame;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.RecordedStageMetrics;
import io.reenact.stages.ShippedModels;
import io.reenact.stages.StageFixtures;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoseTopologyTest {

    private static final long T0 = 1_700_000_000_000L;

    private final StageClock.Manual clock = StageClock.manual(T0);
    private RecordedStageMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, PoseEmbedding> out;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        metrics = new RecordedStageMetrics();
        StageOptions options = StageOptions.defaults().withClock(clock).withMetrics(metrics)
                .withDeadline(Duration.ofMillis(500));
        driver = new TopologyTestDriver(new PoseTopology(ShippedModels.pose(), options).build(),
                StageFixtures.driverProps("pose-test"));
        in = driver.createInputTopic(Topics.SEGMENTED_FRAMES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic(Topics.POSE_EMBEDDINGS, Serdes.String().deserializer(),
                ReenactSerdes.forType(PoseEmbedding.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                ReenactSerdes.forType(DeadLetter.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachFrameGetsAFinitePoseDescriptorInStreamOrderWithDriverAndMaskCarried() {
        for (int seq = 0; seq < 5; seq++) {
            for (String stream : List.of("a", "b")) {
                in.pipeInput(stream, avro(segmented(driverFrame(stream, seq, T0, stream.hashCode()))));
            }
        }
        List<KeyValue<String, PoseEmbedding>> results = out.readKeyValuesToList();
        assertEquals(10, results.size());
        long[] next = new long[2];
        float[] first = null;
        boolean differs = false;
        for (KeyValue<String, PoseEmbedding> kv : results) {
            PoseEmbedding p = kv.value;
            int s = kv.key.equals("a") ? 0 : 1;
            assertEquals(next[s]++, p.getSequence());
            float[] v = Embeddings.toArray(p.getVector());
            assertEquals(ShippedModels.pose().poseSize(), v.length);
            Embeddings.requireFinite("pose", v);
            if (first == null) {
                first = v;
            } else if (!java.util.Arrays.equals(first, v)) {
                differs = true;
            }
            assertEquals(ShippedModels.pose().modelVersion(), p.getModelVersion());
            assertEquals(T0, p.getCaptureTimeMs());
            Mask mask = ImageCodecs.decodeMaskPng(StageProcessor.bytes(p.getDriverMask()));
            assertEquals(128, mask.width());
            assertEquals(128, ImageCodecs.decodeRgb(StageProcessor.bytes(p.getDriver()), "JPEG").width());
            assertEquals(PoseTopology.STAGE, p.getTimings().get(p.getTimings().size() - 1).getStage());
        }
        assertTrue(differs, "different frames give different pose descriptors");
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void badInputsBecomeDeadLettersAndTheGoodFramesAroundThemComeOut() {
        SegmentedFrame good = segmented(driverFrame("s", 0, T0, 1));
        SegmentedFrame wrongMask = SegmentedFrame.newBuilder(good)
                .setMask(FrameMask.newBuilder(good.getMask()).setWidth(64).build()).build();
        SegmentedFrame corruptMask = SegmentedFrame.newBuilder(good)
                .setMask(FrameMask.newBuilder(good.getMask()).setMask(ByteBuffer.wrap(StageFixtures.garbage(100, 3))).build())
                .build();
        List<byte[]> bad = List.of(StageFixtures.garbage(50, 1), StageFixtures.truncated(avro(good)), avro(wrongMask),
                avro(corruptMask));
        List<DeadLetterReason> reasons = List.of(DeadLetterReason.UNDECODABLE_RECORD, DeadLetterReason.UNDECODABLE_RECORD,
                DeadLetterReason.WRONG_DIMENSIONS, DeadLetterReason.CORRUPT_IMAGE);
        long seq = 0;
        for (byte[] b : bad) {
            in.pipeInput("s", avro(segmented(driverFrame("s", seq++, T0, 1))));
            in.pipeInput("s", b);
        }
        in.pipeInput("s", avro(segmented(driverFrame("s", seq++, T0, 1))));
        assertEquals(seq, out.readValuesToList().size());
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertEquals(bad.size(), letters.size());
        for (int i = 0; i < bad.size(); i++) {
            assertEquals(reasons.get(i), DeadLetterReason.of(letters.get(i).getReason()), letters.get(i).getReason());
            assertArrayEquals(bad.get(i), StageFixtures.original(letters.get(i)));
            assertEquals(Topics.SEGMENTED_FRAMES, letters.get(i).getSourceTopic());
        }
    }

    @Test
    void lateFramesAreDroppedAndCounted() {
        in.pipeInput("s", avro(segmented(driverFrame("s", 0, T0 - 2_000, 1))));
        in.pipeInput("s", avro(segmented(driverFrame("s", 1, T0, 1))));
        List<PoseEmbedding> results = out.readValuesToList();
        assertEquals(1, results.size());
        assertEquals(1L, results.get(0).getSequence());
        assertEquals(1, metrics.stage(PoseTopology.STAGE).dropped.sum());
        assertNotEquals(0, metrics.stage(PoseTopology.STAGE).received.sum());
    }
}
