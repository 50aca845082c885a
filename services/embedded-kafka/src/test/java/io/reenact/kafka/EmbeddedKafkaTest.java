package io.reenact.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reenact.common.ClientSettings;
import io.reenact.common.Topics;

class EmbeddedKafkaTest {

    @Test
    void keepsRecordsAcrossARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
        byte[] payload = "frame-0".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().dataDir(dir).start()) {
            kafka.createTopics(Topics.newTopics(2));
            try (Admin admin = kafka.admin()) {
                assertTrue(admin.listTopics().names().get().containsAll(Topics.all()));
                var weights = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AVATAR_WEIGHTS);
                ConfigEntry policy = admin.describeConfigs(List.of(weights)).all().get().get(weights).get("cleanup.policy");
                assertEquals("compact", policy.value());
                assertEquals(2, admin.describeTopics(List.of(Topics.DRIVER_FRAMES)).allTopicNames().get()
                    .get(Topics.DRIVER_FRAMES).partitions().size());
            }
            try (var producer = new KafkaProducer<String, byte[]>(ClientSettings.producer(kafka.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "stream-a", payload)).get();
            }
            assertEquals(List.of("stream-a"), consumeKeys(kafka, "first"));
        }
        assertTrue(Files.exists(dir.resolve("logs").resolve("meta.properties")), "the data dir is kept");

        // a second start on the same directory must not reformat it and must still hold the record
        try (EmbeddedKafka again = EmbeddedKafka.builder().freePorts().dataDir(dir).start()) {
            again.createTopics(Topics.newTopics(2)); // already there: a no-op, not an error
            assertEquals(List.of("stream-a"), consumeKeys(again, "second"));
        }
    }

    @Test
    void aTemporaryDataDirIsDeletedOnClose() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            dir = kafka.dataDir();
            assertTrue(Files.isDirectory(dir));
            assertFalse(kafka.bootstrapServers().isBlank());
        }
        assertFalse(Files.exists(dir));
    }

    private static List<String> consumeKeys(EmbeddedKafka kafka, String group) {
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(ClientSettings.consumer(kafka.bootstrapServers(), group))) {
            consumer.subscribe(Set.of(Topics.DRIVER_FRAMES));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (keys.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                    assertEquals("frame-0", new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }
}
