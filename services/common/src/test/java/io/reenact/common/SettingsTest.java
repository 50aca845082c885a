package io.reenact.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.reenact.schema.StageTiming;

class SettingsTest {

    @Test
    void streamsSettingsAreTheLowLatencyOnesAndValid() {
        Properties p = StreamsSettings.builder("segmenter", "localhost:9092").threads(2).staticMembership("segmenter-0")
            .serdeConfig(Map.of(ReenactSerdes.SERDE_MODE, "single-object")).build();
        StreamsConfig config = new StreamsConfig(p);
        assertEquals(0, config.originalsWithPrefix("producer.").get("linger.ms"));
        assertEquals(5L, config.getLong(StreamsConfig.POLL_MS_CONFIG));
        assertEquals(0L, config.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
        assertEquals(-1L, config.getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertEquals(100L, config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(2, config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals("segmenter-0", config.getMainConsumerConfigs("g", "c", 0).get("group.instance.id").toString()
            .replaceAll("-\\d+$", ""));
        assertEquals(DeadLetterExceptionHandler.class,
            config.getClass(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("single-object", p.get(ReenactSerdes.SERDE_MODE));
        assertThrows(IllegalArgumentException.class, () -> StreamsSettings.builder("a", "b").threads(0));
    }

    @Test
    void topicsShareOnePartitionCountAndCompactTheTables() {
        List<NewTopic> topics = Topics.newTopics(6);
        assertEquals(Topics.all().size(), topics.size());
        assertTrue(topics.stream().allMatch(t -> t.numPartitions() == 6 && t.replicationFactor() == 1));
        assertEquals(List.of(Topics.AVATARS, Topics.AVATAR_WEIGHTS, Topics.SESSION_BINDINGS),
            Topics.specs().stream().filter(Topics.TopicSpec::compacted).map(Topics.TopicSpec::name).toList());
        int weightsMax = Integer.parseInt(Topics.spec(Topics.AVATAR_WEIGHTS).configs().get("max.message.bytes"));
        assertTrue(weightsMax >= Topics.MAX_WEIGHTS_BYTES);
        assertTrue(ClientSettings.MAX_REQUEST_BYTES > weightsMax, "a producer can send what the topic accepts");
        assertEquals("300000", Topics.spec(Topics.DRIVER_FRAMES).configs().get("retention.ms"));
        assertThrows(IllegalArgumentException.class, () -> Topics.newTopics(0));
        assertThrows(IllegalArgumentException.class, () -> Topics.spec("nope"));
    }

    @Test
    void timingsSplitEndToEndIntoStagesAndKafka() {
        StageClock.Manual clock = StageClock.manual(1_000);
        long capture = 990;
        StageTimer seg = Timings.start("segment", clock);
        clock.advance(7);
        List<StageTiming> t = Timings.append(List.of(), seg.done(5_000));
        clock.advance(3); // in Kafka between the stages
        StageTimer pose = Timings.start("pose", clock);
        clock.advance(4);
        t = Timings.append(t, pose.done(3_000));
        assertEquals(2, t.size());
        assertEquals(24, Timings.endToEndMs(capture, t));   // 990 -> 1014
        assertEquals(13, Timings.kafkaMs(capture, t));      // 10 before segment + 3 between
        assertEquals(11, Timings.stagesMs(t));              // 7 + 4
        assertEquals(Timings.endToEndMs(capture, t), Timings.kafkaMs(capture, t) + Timings.stagesMs(t));
        assertEquals(8_000, Timings.modelMicros(t));
        assertEquals(0, Timings.endToEndMs(capture, List.of()));
    }
}
