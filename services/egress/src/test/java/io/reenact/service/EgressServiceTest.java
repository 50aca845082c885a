package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class EgressServiceTest {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Test
    void healthyAndShowsFramesFromTheTopic() throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until
                && given().get("/q/health/ready").statusCode() != 200) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/").then().statusCode(200).body(containsString("live viewer"));

        given().put("/streams/studio-1/recording").then().statusCode(200).body("recording", is(true));
        try (KafkaProducer<String, ReenactedFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(ReenactedFrame.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.REENACTED_FRAMES, "studio-1", frame())).get();
        }
        String stats = "";
        until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && !stats.contains("studio-1")) {
            Thread.sleep(100);
            stats = given().get("/stats").asString();
        }
        assertTrue(stats.contains("\"studio-1\":{\"frames\":1"), stats);
        String emitted = "reenact_stage_frames_emitted_total{stage=\"egress\"} 1.0";
        until = System.currentTimeMillis() + 30_000; // counted once the frame's recording was written too
        while (System.currentTimeMillis() < until && !given().get("/q/metrics").asString().contains(emitted)) {
            Thread.sleep(100);
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString(emitted));
        given().get("/streams/studio-1/mjpeg?panel=bogus").then().statusCode(400);

        String file = given().delete("/streams/studio-1/recording").then().statusCode(200)
                .body("frames", is(1)).extract().path("file");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file)) {
            grabber.start();
            assertEquals(32, grabber.getImageWidth(), "driver | reenacted");
            assertTrue(grabber.grabImage() != null);
        }
        given().delete("/streams/studio-1/recording").then().statusCode(404);
    }

    private static ReenactedFrame frame() {
        RgbImage image = RgbImage.blank(16, 16);
        return ReenactedFrame.newBuilder()
                .setStreamId("studio-1").setSequence(0).setCaptureTimeMs(System.currentTimeMillis())
                .setAvatarId("a").setWidth(16).setHeight(16).setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(new Mask(16, 16, new byte[256]))))
                .setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                .setModelVersion("test").setTimings(List.of())
                .build();
    }
}
