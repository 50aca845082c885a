package io.reenact.stages;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetters;
import io.reenact.common.KafkaClientConfig;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StreamsSettings;
import io.reenact.common.Topics;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.kafka.SelfSignedKeyStores;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.SegmentedFrame;
import io.reenact.segment.FrameSegmenter;
import io.reenact.segment.SegmentTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The project's clients against a broker that takes TLS + SCRAM only: with the settings file
 * ({@link KafkaClientConfig}) the publisher, a Streams stage (its consumer, producer, admin) and a plain
 * consumer all work; a wrong password and a client without credentials are refused.
 */
class KafkaSecurityTest {

    private static final String STORE_PASSWORD = "test-store-secret";
    private static final String USER = "reenact";
    private static final String PASSWORD = "reenact-scram-secret";

    @Test
    void everyProjectClientWorksOverSaslSslAndOneWithoutCredentialsIsRefused(@TempDir Path dir) throws Exception {
        SelfSignedKeyStores stores = SelfSignedKeyStores.create(dir, STORE_PASSWORD);
        Path keyStore = stores.keyStore();

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir()
                .saslSsl(keyStore, STORE_PASSWORD, Map.of(USER, PASSWORD)).start()) {
            kafka.createTopics(List.of(new NewTopic(Topics.DRIVER_FRAMES, 1, (short) 1),
                    new NewTopic(Topics.SEGMENTED_FRAMES, 1, (short) 1), new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1)));
            String secure = kafka.secureBootstrapServers();
            Properties client = stores.saslSslClient(USER, PASSWORD);
            Path file = dir.resolve("kafka-client.properties");
            try (var out = Files.newBufferedWriter(file)) {
                client.store(out, "TLS + SCRAM");
            }

            System.setProperty(KafkaClientConfig.PROPERTY, file.toString());
            try {
                Properties streamsProps = StreamsSettings.builder("secure-segment", secure).stateDir(dir.resolve("state")).build();
                try (KafkaStreams streams = new KafkaStreams(new SegmentTopology(wholeFrame(),
                        StageOptions.defaults().withDeadline(Duration.ofMinutes(5))).build(), streamsProps);
                     DriverFramePublisher publisher = new DriverFramePublisher(secure, Map.of());
                     KafkaProducer<String, byte[]> raw = new KafkaProducer<>(ClientSettings.producer(secure))) {
                    streams.start();
                    for (int i = 0; i < 3; i++) {
                        publisher.publish("secure-cam", i, RgbImage.blank(64, 64)).get(60, TimeUnit.SECONDS);
                    }
                    raw.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "secure-cam",
                            "not a frame".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);

                    assertEquals(3, read(secure, Topics.SEGMENTED_FRAMES, 3).size(), "frames went through the stage");
                    List<byte[]> letters = read(secure, Topics.DEAD_LETTERS, 1);
                    DeadLetter letter = ReenactSerdes.forType(DeadLetter.class).deserializer().deserialize(Topics.DEAD_LETTERS, letters.get(0));
                    assertEquals("secure-cam", new String(DeadLetters.key(letter), StandardCharsets.UTF_8));
                    assertEquals(SegmentedFrame.class, ReenactSerdes.forType(SegmentedFrame.class).deserializer()
                            .deserialize(Topics.SEGMENTED_FRAMES, read(secure, Topics.SEGMENTED_FRAMES, 1).get(0)).getClass());
                }
            } finally {
                System.clearProperty(KafkaClientConfig.PROPERTY);
            }

            ExecutionException wrongPassword = assertThrows(ExecutionException.class,
                    () -> describe(secure, stores.saslSslClient(USER, "guessed")));
            assertInstanceOf(SaslAuthenticationException.class, wrongPassword.getCause(), wrongPassword.toString());
            Properties none = new Properties();
            assertThrows(Exception.class, () -> describe(secure, none), "a client without TLS and credentials gets nothing");
        }
    }

    private static void describe(String bootstrap, Properties settings) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
        }
    }

    private static List<byte[]> read(String bootstrap, String topic, int wanted) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientSettings.consumer(bootstrap, "secure-reader-" + System.nanoTime()))) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (values.size() < wanted && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static FrameSegmenter wholeFrame() {
        return new FrameSegmenter() {
            @Override
            public Mask segment(RgbImage frame) {
                byte[] alpha = new byte[frame.width() * frame.height()];
                Arrays.fill(alpha, (byte) 255);
                return new Mask(frame.width(), frame.height(), alpha);
            }

            @Override
            public String modelVersion() {
                return "whole-frame";
            }
        };
    }
}
