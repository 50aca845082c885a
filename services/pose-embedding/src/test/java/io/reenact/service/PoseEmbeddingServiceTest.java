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
import io.reenact.schema.FrameMask;
import io.reenact.schema.MaskEncoding;
import io.reenact.schema.PoseEmbedding;
import io.reenact.stages.ImageCodecs;
import io.reenact.schema.SegmentedFrame;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class PoseEmbeddingServiceTest {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Test
    void healthyEmbedsAPoseAndCountsIt() throws Exception {
        StageServiceClient.awaitReady();
        var heads = new SyntheticHeads(3);
        var rendered = heads.video(heads.identity(Split.TEST, 0), 1, 1).frame(0, 128);
        FrameMask mask = FrameMask.newBuilder().setWidth(128).setHeight(128).setEncoding(MaskEncoding.PNG)
                .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(rendered.mask()))).setModelVersion("truth").build();
        SegmentedFrame in = new SegmentedFrame(
                DriverFramePublisher.frame("s1", 0, rendered.image(), System.currentTimeMillis()), mask);
        try (KafkaProducer<String, SegmentedFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(SegmentedFrame.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.SEGMENTED_FRAMES, "s1", in)).get();
        }
        List<PoseEmbedding> out = StageServiceClient.consume(bootstrap, Topics.POSE_EMBEDDINGS, PoseEmbedding.class, 1);
        assertEquals(1, out.size());
        assertTrue(out.get(0).getVector().size() > 0, "a pose descriptor");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("reenact_stage_frames_emitted_total{stage=\"pose\"} 1.0"))
                .body(containsString("reenact_stage_processing_seconds"));
    }
}
