package io.reenact.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetterExceptionHandler;
import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.SingleObjectSerde;
import io.reenact.common.StreamsSettings;
import io.reenact.common.Topics;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;

/**
 * On a real broker: a typed Streams source meets garbage Avro and a processor that throws; both
 * records end up as dead letters with their original bytes, and the good frames around them pass.
 */
class DeadLetterHandlerTest {

    @Test
    void garbageAndFailingRecordsBecomeDeadLettersWhileGoodFramesPass(@TempDir Path state) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            kafka.createTopics(Topics.newTopics(1));
            kafka.createTopics(List.of(new NewTopic("sequences", 1, (short) 1)));

            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(Topics.DRIVER_FRAMES, Consumed.with(Serdes.String(), ReenactSerdes.forType(DriverFrame.class)))
                .mapValues(f -> {
                    if (f.getWidth() <= 0) {
                        throw new IllegalArgumentException("width " + f.getWidth());
                    }
                    return f.getSequence();
                })
                .to("sequences", Produced.with(Serdes.String(), Serdes.Long()));

            SingleObjectSerde<DriverFrame> serde = new SingleObjectSerde<>(DriverFrame.class);
            byte[] garbage = "definitely not avro".getBytes();
            byte[] zeroWidth = serde.encode(frame(1, 0));
            try (KafkaStreams streams = new KafkaStreams(builder.build(),
                    StreamsSettings.builder("dead-letter-test", kafka.bootstrapServers()).stateDir(state).build());
                 var producer = new KafkaProducer<String, byte[]>(ClientSettings.producer(kafka.bootstrapServers()))) {
                streams.start();
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "cam", serde.encode(frame(0, 8)))).get();
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "cam", garbage)).get();
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "cam", zeroWidth)).get();
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "cam", serde.encode(frame(3, 8)))).get();

                List<ConsumerRecord<String, byte[]>> sequences = read(kafka, "sequences", 2);
                assertEquals(List.of(0L, 3L), sequences.stream()
                    .map(r -> Serdes.Long().deserializer().deserialize("sequences", r.value())).toList());

                List<DeadLetter> letters = new ArrayList<>(read(kafka, Topics.DEAD_LETTERS, 2).stream()
                    .map(r -> ReenactSerdes.forType(DeadLetter.class).deserializer().deserialize(Topics.DEAD_LETTERS, r.value()))
                    .toList());
                letters.sort(Comparator.comparingLong(DeadLetter::getOffset));
                DeadLetter undecodable = letters.get(0);
                assertEquals(1L, undecodable.getOffset());
                assertEquals(DeadLetterReason.UNDECODABLE_RECORD, DeadLetterReason.of(undecodable.getReason()));
                assertArrayEquals(garbage, DeadLetters.original(undecodable));
                assertEquals("dead-letter-test", undecodable.getStage());

                DeadLetter failed = letters.get(1);
                assertEquals(2L, failed.getOffset());
                assertEquals(DeadLetterReason.PROCESSING_FAILED, DeadLetterReason.of(failed.getReason()));
                assertTrue(failed.getReason().contains("width 0"), failed.getReason());
                assertArrayEquals(zeroWidth, DeadLetters.original(failed));
                assertEquals(Topics.DRIVER_FRAMES, failed.getSourceTopic());
                assertEquals(KafkaStreams.State.RUNNING, streams.state(), "the stream kept running");
            } finally {
                DeadLetterExceptionHandler.closeAll();
            }
        }
    }

    private static DriverFrame frame(long sequence, int width) {
        return DriverFrame.newBuilder().setStreamId("cam").setSequence(sequence).setCaptureTimeMs(sequence)
            .setWidth(width).setHeight(8).setEncoding(FrameEncoding.JPEG).setImage(java.nio.ByteBuffer.wrap(new byte[] {1}))
            .build();
    }

    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic, int count) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(ClientSettings.consumer(kafka.bootstrapServers(), "read-" + topic))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        assertEquals(count, out.size(), "records on " + topic);
        return out;
    }
}
