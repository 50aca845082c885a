package io.reenact.segment;

import static io.reenact.stages.StageFixtures.avro;
import static io.reenact.stages.StageFixtures.driverFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageClock;
import io.reenact.common.Topics;
import io.reenact.model.Mask;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.SegmentedFrame;
import io.reenact.schema.StageTiming;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.RecordedStageMetrics;
import io.reenact.stages.ShippedModels;
import io.reenact.stages.StageFixtures;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import io.reenact.stages.TestFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentTopologyTest {

    private static final long T0 = 1_700_000_000_000L;

    private final StageClock.Manual clock = StageClock.manual(T0);
    private RecordedStageMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, SegmentedFrame> out;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        metrics = new RecordedStageMetrics();
        StageOptions options = StageOptions.defaults()
                .withClock(clock)
                .withMetrics(metrics)
                .withDeadline(Duration.ofMillis(500))
                .withLimits(new FrameLimits(256 * 256, 512 * 1024));
        driver = new TopologyTestDriver(new SegmentTopology(ShippedModels.segmenter(), options).build(),
                StageFixtures.driverProps("segment-test"));
        in = driver.createInputTopic(Topics.DRIVER_FRAMES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        out = driver.createOutputTopic(Topics.SEGMENTED_FRAMES, Serdes.String().deserializer(),
                ReenactSerdes.forType(SegmentedFrame.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                ReenactSerdes.forType(DeadLetter.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void framesOfTwoStreamsComeOutInOrderWithAFrameSizedMaskAndATiming() {
        for (int seq = 0; seq < 6; seq++) {
            for (String stream : List.of("a", "b")) {
                in.pipeInput(stream, avro(driverFrame(stream, seq, T0, stream.hashCode())));
            }
            clock.advance(10);
        }
        List<KeyValue<String, SegmentedFrame>> results = out.readKeyValuesToList();
        assertEquals(12, results.size());
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        for (KeyValue<String, SegmentedFrame> kv : results) {
            SegmentedFrame s = kv.value;
            assertEquals(kv.key, s.getFrame().getStreamId());
            sequences.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(s.getFrame().getSequence());
            Mask mask = ImageCodecs.decodeMaskPng(StageProcessor.bytes(s.getMask().getMask()));
            assertEquals(s.getFrame().getWidth(), mask.width());
            assertEquals(s.getFrame().getHeight(), mask.height());
            assertEquals(mask.width(), s.getMask().getWidth());
            assertEquals(ShippedModels.segmenter().modelVersion(), s.getMask().getModelVersion());
            StageTiming timing = s.getFrame().getTimings().get(s.getFrame().getTimings().size() - 1);
            assertEquals(SegmentTopology.STAGE, timing.getStage());
            assertTrue(timing.getDoneMs() >= timing.getReceivedMs());
            assertTrue(timing.getModelMicros() > 0, "the network ran");
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), sequences.get("a"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), sequences.get("b"));
        assertTrue(deadLetters.isEmpty());
        assertEquals(12, metrics.stage(SegmentTopology.STAGE).emitted.sum());
    }

    @Test
    void badInputsBecomeDeadLettersWithTheirBytesAndGoodFramesAroundThemAllComeOut() {
        byte[] jpeg = ImageCodecs.encodeJpeg(TestFrames.head(128, 1, 0), 90);
        byte[] good = avro(driverFrame("s", 0, T0, 1));
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put(DeadLetterReason.UNDECODABLE_RECORD.name() + "/garbage", StageFixtures.garbage(300, 7));
        bad.put(DeadLetterReason.UNDECODABLE_RECORD.name() + "/truncated", StageFixtures.truncated(good));
        bad.put(DeadLetterReason.CORRUPT_IMAGE.name(), avro(driverFrame("s", 0, T0, FrameEncoding.JPEG, 128, 128,
                java.util.Arrays.copyOf(jpeg, jpeg.length - 200))));
        bad.put(DeadLetterReason.WRONG_DIMENSIONS.name(), avro(driverFrame("s", 0, T0, FrameEncoding.JPEG, 96, 128, jpeg)));
        bad.put(DeadLetterReason.OVERSIZED_FRAME.name(), avro(driverFrame("s", 0, T0, FrameEncoding.JPEG, 512, 512,
                ImageCodecs.encodeJpeg(TestFrames.head(512, 1, 0), 90))));

        long seq = 0;
        List<byte[]> sentBad = new ArrayList<>();
        for (byte[] b : bad.values()) {
            in.pipeInput("s", avro(driverFrame("s", seq++, T0, 1)));
            in.pipeInput("s", b);
            sentBad.add(b);
        }
        in.pipeInput("s", avro(driverFrame("s", seq++, T0, 1)));

        List<SegmentedFrame> results = out.readValuesToList();
        assertEquals(seq, results.size(), "every good frame came out");
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).getFrame().getSequence());
        }
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertEquals(bad.size(), letters.size());
        List<String> expected = new ArrayList<>(bad.keySet());
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter letter = letters.get(i);
            String code = expected.get(i).split("/")[0];
            assertEquals(code, DeadLetterReason.of(letter.getReason()).name(), letter.getReason());
            assertEquals(Topics.DRIVER_FRAMES, letter.getSourceTopic());
            assertEquals(2L * i + 1, letter.getOffset(), "offset of the bad record");
            assertEquals(SegmentTopology.STAGE, letter.getStage());
            assertArrayEquals(sentBad.get(i), StageFixtures.original(letter));
        }
        assertEquals(bad.size(), metrics.stage(SegmentTopology.STAGE).deadLettered.sum());
    }

    @Test
    void framesOlderThanTheDeadlineAreDroppedAndCountedNotQueued() {
        in.pipeInput("s", avro(driverFrame("s", 0, T0, 1)));
        in.pipeInput("s", avro(driverFrame("s", 1, T0 - 501, 1)));
        in.pipeInput("s", avro(driverFrame("s", 2, T0 - 10_000, 1)));
        in.pipeInput("s", avro(driverFrame("s", 3, T0 - 499, 1)));
        List<SegmentedFrame> results = out.readValuesToList();
        assertEquals(List.of(0L, 3L), results.stream().map(s -> s.getFrame().getSequence()).toList());
        assertEquals(2, metrics.stage(SegmentTopology.STAGE).dropped.sum());
        assertTrue(deadLetters.isEmpty(), "a late frame is not bad input");
    }
}
