package io.reenact.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;

/** The recommended pattern for stages: decode inside the topology, bad records to dead-letters. */
class DecodingTest {

    @Test
    void badRecordsBecomeDeadLettersAndGoodOnesGoOn() {
        Map<String, Object> serdeConfig = Map.of();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Decoded<DriverFrame>> decoded = builder
            .stream(Topics.DRIVER_FRAMES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .processValues(Decoding.processor("segment", DriverFrame.class, serdeConfig));
        decoded.filter((k, d) -> d.failed()).mapValues(Decoded::deadLetter)
            .to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), ReenactSerdes.forType(DeadLetter.class, serdeConfig)));
        decoded.filter((k, d) -> d.ok()).mapValues(d -> d.value().getSequence())
            .to("out", Produced.with(Serdes.String(), Serdes.Long()));

        Properties props = StreamsSettings.builder("decoding-test", "unused:9092").build();
        byte[] good0 = new SingleObjectSerde<>(DriverFrame.class).encode(Frames.driverFrame("cam", 0));
        byte[] good1 = new SingleObjectSerde<>(DriverFrame.class).encode(Frames.driverFrame("cam", 1));
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        byte[] truncated = java.util.Arrays.copyOf(good1, good1.length - 3);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            var in = driver.createInputTopic(Topics.DRIVER_FRAMES, new StringSerializer(), new ByteArraySerializer());
            in.pipeInput("cam", good0);
            in.pipeInput("cam", garbage);
            in.pipeInput("cam", truncated);
            in.pipeInput("cam", new byte[0]);
            in.pipeInput("cam", good1);

            var out = driver.createOutputTopic("out", new StringDeserializer(), Serdes.Long().deserializer());
            assertEquals(List.of(0L, 1L), out.readValuesToList(), "no good frame lost, order kept");

            var dead = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(),
                ReenactSerdes.forType(DeadLetter.class).deserializer());
            List<TestRecord<String, DeadLetter>> letters = dead.readRecordsToList();
            assertEquals(3, letters.size());
            assertArrayEquals(garbage, DeadLetters.original(letters.get(0).value()));
            assertArrayEquals(truncated, DeadLetters.original(letters.get(1).value()));
            for (int i = 0; i < letters.size(); i++) {
                DeadLetter l = letters.get(i).value();
                assertEquals("segment", l.getStage());
                assertEquals(Topics.DRIVER_FRAMES, l.getSourceTopic());
                assertEquals(i + 1L, l.getOffset(), "offset of the bad input record");
                assertEquals(DeadLetterReason.UNDECODABLE_RECORD, DeadLetterReason.of(l.getReason()));
                assertArrayEquals("cam".getBytes(), DeadLetters.key(l));
            }
            assertTrue(letters.get(0).value().getReason().contains("not Avro single-object"));
            assertTrue(letters.get(2).value().getReason().contains("empty value"));
        }
    }
}
