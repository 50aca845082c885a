package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.SegmentedFrame;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedKafkaTestResource.class, restrictToAnnotatedClass = true)
class SegmenterServiceTest {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Test
    void healthySegmentsAFrameAndCountsIt() throws Exception {
        StageServiceClient.awaitReady();
        var heads = new SyntheticHeads(3);
        var image = heads.video(heads.identity(Split.TEST, 0), 1, 1).frame(0, 128).image();
        try (KafkaProducer<String, DriverFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(DriverFrame.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, "s1",
                    DriverFramePublisher.frame("s1", 0, image, System.currentTimeMillis()))).get();
        }
        List<SegmentedFrame> out = StageServiceClient.consume(bootstrap, Topics.SEGMENTED_FRAMES, SegmentedFrame.class, 1);
        assertEquals(1, out.size());
        assertEquals(128, out.get(0).getMask().getWidth());
        // the service's default network is the real-frame one
        assertTrue(out.get(0).getMask().getModelVersion().startsWith("selfie_segmentation"),
                out.get(0).getMask().getModelVersion());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("reenact_stage_frames_emitted_total{stage=\"segment\"} 1.0"))
                .body(containsString("reenact_stage_processing_seconds"));
    }
}
