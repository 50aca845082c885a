package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.SegmentedFrame;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The segmenter service on a broker that takes TLS + SCRAM only, its credentials in the Kafka client
 * settings file: Quarkus's Kafka Streams (and its topic check), the service's dead-letter path and
 * this test's clients all reach it through that one file; a client without it gets nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "security", value = "sasl_ssl"))
class SegmenterOverSaslSslTest {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Test
    void segmentsFramesOverTlsWithScramCredentialsAndRefusesAClientWithout() throws Exception {
        StageServiceClient.awaitReady();
        try (KafkaProducer<String, DriverFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(DriverFrame.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "secure-1",
                    DriverFramePublisher.frame("secure-1", 0, RgbImage.blank(128, 128), System.currentTimeMillis())))
                    .get(60, TimeUnit.SECONDS);
        }
        List<SegmentedFrame> out = StageServiceClient.consume(bootstrap, Topics.SEGMENTED_FRAMES, SegmentedFrame.class, 1);
        assertEquals(1, out.size(), "the service read and wrote over SASL_SSL");

        Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(plain)) {
            assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS),
                    "no TLS, no credentials: refused");
        }
    }
}
