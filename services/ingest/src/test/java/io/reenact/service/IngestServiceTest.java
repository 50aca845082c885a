package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.egress.Mp4Recorder;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class IngestServiceTest {

    @org.junit.jupiter.api.BeforeAll
    static void everyRequestCarriesAToken() {
        TestTokens.authoriseEverything();
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void playsAFileFromTheMediaDirectoryIntoDriverFrames() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        Path media = Path.of("target/test-media");
        Files.createDirectories(media);
        try (Mp4Recorder clip = new Mp4Recorder(media.resolve("clip.mp4"), 64, 1, 25)) {
            for (int i = 0; i < 9; i++) {
                clip.record(RgbImage.blank(64, 64));
            }
        }
        given().contentType(ContentType.JSON).body("{\"source\": \"clip.mp4\", \"realTime\": false}")
                .put("/streams/studio-cam").then().statusCode(200).body("streamId", is("studio-cam"));

        Properties props = ClientSettings.consumer(bootstrap, "ingest-test");
        props.put("auto.offset.reset", "earliest");
        List<DriverFrame> frames = new ArrayList<>();
        try (KafkaConsumer<String, DriverFrame> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                ReenactSerdes.forType(DriverFrame.class).deserializer())) {
            consumer.subscribe(List.of(Topics.DRIVER_FRAMES));
            long until = System.currentTimeMillis() + 30_000;
            while (frames.size() < 9 && System.currentTimeMillis() < until) {
                // other tests of this application publish other streams to the same topic
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if ("studio-cam".equals(r.key())) {
                        frames.add(r.value());
                    }
                });
            }
        }
        assertEquals(9, frames.size());
        for (int i = 0; i < 9; i++) {
            assertEquals("studio-cam", frames.get(i).getStreamId());
            assertEquals(i, frames.get(i).getSequence());
            assertEquals(128, frames.get(i).getWidth(), "cropped and resized to the model size");
        }
        given().get("/streams").then().statusCode(200).body(containsString("\"framesPublished\":9"));
        // one counter for every stream (a per-stream tag would grow without bound in a long-running
        // service); other tests of this application publish too
        String metrics = given().get("/q/metrics").asString();
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("reenact_ingest_frames_published_total ([0-9.]+)")
                .matcher(metrics);
        assertTrue(total.find() && Double.parseDouble(total.group(1)) >= 9, metrics);
        assertFalse(metrics.contains("stream=\"studio-cam\""), "no per-stream tags");
    }

    @Test
    void refusesPathsOutsideTheMediaDirectoryAndReportsDeadUrls() {
        given().contentType(ContentType.JSON).body("{\"source\": \"../../etc/passwd\"}")
                .put("/streams/x").then().statusCode(400).body("error", containsString("media directory"));
        given().contentType(ContentType.JSON).body("{\"source\": \"http://127.0.0.1:9/none.ts\"}")
                .put("/streams/x").then().statusCode(422).body("error", containsString("cannot open"));
        given().contentType(ContentType.JSON).body("{\"source\": \"v4l2:///dev/video97\"}")
                .put("/streams/x").then().statusCode(422).body("error", containsString("no capture device /dev/video97"));
        given().contentType(ContentType.JSON).body("{\"source\": \"v4l2:///dev/sda\"}")
                .put("/streams/x").then().statusCode(400).body("error", containsString("v4l2:///dev/videoN"));
        given().delete("/streams/nothing-here").then().statusCode(404);
    }

    @Test
    void anotherOwnersStreamIsRefusedAndHidden() {
        String alice = "Bearer " + TestTokens.token("alice", List.of("alice-*"), List.of());
        given().header("Authorization", alice).contentType(ContentType.JSON).body("{\"source\": \"clip.mp4\"}")
                .put("/streams/bob-cam").then().statusCode(403);
        given().header("Authorization", alice).delete("/streams/bob-cam").then().statusCode(403);
        given().header("Authorization", alice).get("/streams").then().statusCode(200).body(is("[]"));
        TestTokens.authoriseNothing();
        try {
            given().get("/streams").then().statusCode(401);
            given().get("/webcam/").then().statusCode(401);
        } finally {
            TestTokens.authoriseEverything();
        }
    }
}
