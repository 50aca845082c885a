package io.reenact.stages;

import io.reenact.common.ClientSettings;
import io.reenact.common.StageFailures;
import io.reenact.common.StreamsSettings;
import io.reenact.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write the broker refuses for good, on a real broker: the stage's production handler reports it
 * (health DOWN), its thread is replaced, and the record whose output failed is processed again, so
 * nothing is lost.
 */
class WriteFailureTest {

    @Test
    void aFailedWriteIsReportedAndItsInputProcessedAgainByTheReplacementThread(@TempDir Path state) throws Exception {
        StageFailures.clear();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            kafka.createTopics(List.of(new NewTopic("in", 1, (short) 1), new NewTopic("out", 1, (short) 1)));
            AtomicInteger attempts = new AtomicInteger();
            StreamsBuilder builder = new StreamsBuilder();
            // the first attempt at "frame-2" writes a value over the producer's request limit: refused
            builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(v -> v.equals("frame-2") && attempts.getAndIncrement() == 0 ? "x".repeat(300_000) : v)
                    .to("out", Produced.with(Serdes.String(), Serdes.String()));
            Properties props = StreamsSettings.builder("write-failure-test", kafka.bootstrapServers())
                    .stateDir(state)
                    .put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 100_000)
                    .build();
            AtomicInteger replaced = new AtomicInteger();
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                 KafkaProducer<String, String> producer = new KafkaProducer<>(ClientSettings.producer(kafka.bootstrapServers()),
                         new StringSerializer(), new StringSerializer())) {
                streams.setUncaughtExceptionHandler(e -> {
                    replaced.incrementAndGet();
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                streams.start();
                for (int i = 1; i <= 4; i++) {
                    producer.send(new ProducerRecord<>("in", "k", "frame-" + i)).get();
                }
                List<String> out = read(kafka.bootstrapServers(), 4);
                assertTrue(out.containsAll(List.of("frame-1", "frame-2", "frame-3", "frame-4")), "nothing lost: " + out);
                assertEquals(1, replaced.get(), "the failed thread was replaced");
                assertTrue(StageFailures.last().orElseThrow().what().contains("could not write to out"),
                        "health sees the failed write");
            }
        } finally {
            StageFailures.clear();
        }
    }

    private static List<String> read(String bootstrap, int wanted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "write-failure-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("out"));
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.stream().distinct().count() < wanted && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
