package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.avatar.AvatarSourceRecords;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.AvatarSource;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.SessionBinding;
import io.reenact.stages.ReenactorModels;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class GeneratorServiceTest {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Inject
    ReenactorModels models;

    @Test
    void rendersTheBoundAvatarInTheDriversPose() throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && given().get("/q/health/ready").statusCode() != 200) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        // what enrolment would prepare for the shipped renderer (a warping one warps these frames)
        int size = models.reenactor().config().imageSize();
        List<AvatarSource> sources = AvatarSourceRecords.toRecords(models.prepareSources(
                List.of(RgbImage.blank(size, size), RgbImage.blank(size, size))));
        Avatar avatar = Avatar.newBuilder().setAvatarId("ada").setIdentity(Collections.nCopies(models.identitySize(), 0.1f))
                .setModelVersion(models.modelVersion()).setFrameCount(1).setCreatedAtMs(System.currentTimeMillis())
                .setSources(sources).build();
        send(Topics.AVATARS, "ada", avatar, Avatar.class);
        send(Topics.SESSION_BINDINGS, "s1", new SessionBinding("s1", "ada", System.currentTimeMillis(), false), SessionBinding.class);
        Thread.sleep(2_000); // the tables are read by other threads than the pose stream
        PoseEmbedding pose = PoseEmbedding.newBuilder().setStreamId("s1").setSequence(0)
                .setCaptureTimeMs(System.currentTimeMillis()).setVector(Collections.nCopies(models.poseSize(), 0.0f))
                .setModelVersion(models.modelVersion()).setTimings(List.of()).build();
        send(Topics.POSE_EMBEDDINGS, "s1", pose, PoseEmbedding.class);

        List<ReenactedFrame> out = consume();
        assertEquals(1, out.size());
        assertEquals("ada", out.get(0).getAvatarId());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("reenact_stage_frames_emitted_total{stage=\"generate\"} 1.0"));
    }

    private <T extends SpecificRecord> void send(String topic, String key, T value, Class<T> type) throws Exception {
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                new StringSerializer(), ReenactSerdes.forType(type).serializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private List<ReenactedFrame> consume() {
        Properties props = ClientSettings.consumer(bootstrap, "test-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<ReenactedFrame> got = new ArrayList<>();
        try (KafkaConsumer<String, ReenactedFrame> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                ReenactSerdes.forType(ReenactedFrame.class).deserializer())) {
            consumer.subscribe(List.of(Topics.REENACTED_FRAMES));
            long until = System.currentTimeMillis() + 60_000;
            while (got.isEmpty() && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        return got;
    }
}
