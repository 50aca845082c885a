package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.Split;
import io.reenact.stages.ImageCodecs;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class AvatarServiceTest {

    @org.junit.jupiter.api.BeforeAll
    static void everyRequestCarriesAToken() {
        TestTokens.authoriseEverything();
    }

    @Test
    void enrolsFromUploadedImagesListsBindsAndDeletes() throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && given().get("/q/health/ready").statusCode() != 200) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        var heads = new SyntheticHeads(5);
        var video = heads.video(heads.identity(Split.TEST, 2), 9, 40);
        var request = given().multiPart("id", "grace").multiPart("name", "Grace").multiPart("k", "4");
        for (int i = 0; i < 4; i++) {
            request = request.multiPart("file", "frame" + i + ".png",
                    ImageCodecs.encodePng(video.frame(i * 10, 128).image()), "image/png");
        }
        request.post("/avatars").then().statusCode(202).body("avatarId", is("grace")).body("frames", is(4));

        until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && given().get("/avatars/grace").statusCode() != 200) {
            Thread.sleep(200);
        }
        given().get("/avatars").then().statusCode(200).body(containsString("\"avatarId\":\"grace\""))
                .body(containsString("\"frameCount\":4"));

        given().contentType(ContentType.JSON).body("{\"avatarId\": \"grace\"}").put("/sessions/cam-1")
                .then().statusCode(200).body("avatarId", is("grace"));
        given().contentType(ContentType.JSON).body("{\"avatarId\": \"nobody\"}").put("/sessions/cam-1")
                .then().statusCode(404);
        given().multiPart("file", "x.png", new byte[] {1, 2, 3}, "image/png").post("/avatars")
                .then().statusCode(422);
        given().multiPart("fineTuneSteps", "100000").multiPart("file", "x.png", new byte[] {1, 2, 3}, "image/png")
                .post("/avatars").then().statusCode(400).body(containsString("fineTuneSteps must be 0..500"));
        given().contentType(ContentType.JSON).body("{\"avatarId\": \"grace\"}").put("/sessions/cam 1")
                .then().statusCode(400);

        given().delete("/avatars/grace").then().statusCode(202);
        until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && given().get("/avatars/grace").statusCode() != 404) {
            Thread.sleep(200);
        }
        given().get("/avatars/grace").then().statusCode(404);
        // this application's other test enrols too
        String metrics = given().get("/q/metrics").asString();
        java.util.regex.Matcher emitted = java.util.regex.Pattern
                .compile("reenact_stage_frames_emitted_total\\{stage=\"enrol\"} ([0-9.]+)").matcher(metrics);
        org.junit.jupiter.api.Assertions.assertTrue(emitted.find() && Double.parseDouble(emitted.group(1)) >= 1, metrics);
    }

    @Test
    void deletingAFineTunedAvatarTombstonesItsWeightsToo() throws Exception {
        var heads = new SyntheticHeads(5);
        var video = heads.video(heads.identity(Split.TEST, 3), 4, 10);
        given().multiPart("id", "ada").multiPart("k", "2").multiPart("fineTuneSteps", "1")
                .multiPart("file", "a.png", ImageCodecs.encodePng(video.frame(0, 128).image()), "image/png")
                .multiPart("file", "b.png", ImageCodecs.encodePng(video.frame(5, 128).image()), "image/png")
                .post("/avatars").then().statusCode(202);
        // usable at once, untuned; tuned once the fine-tune worker (off the stream threads) is done
        long until = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < until && given().get("/avatars/ada").statusCode() != 200) {
            Thread.sleep(200);
        }
        while (System.currentTimeMillis() < until
                && !Boolean.TRUE.equals(given().get("/avatars/ada").then().extract().path("fineTuned"))) {
            Thread.sleep(200);
        }
        String sha = given().get("/avatars/ada").then().statusCode(200).body("fineTuned", is(true))
                .extract().path("weightsSha256");
        given().delete("/avatars/ada").then().statusCode(202);

        String bootstrap = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.kafka-streams.bootstrap-servers", String.class);
        java.util.Properties p = io.reenact.common.ClientSettings.consumer(bootstrap, "weights-check");
        p.put("auto.offset.reset", "earliest");
        boolean tombstoned = false;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(io.reenact.common.Topics.AVATAR_WEIGHTS));
            until = System.currentTimeMillis() + 30_000;
            while (!tombstoned && System.currentTimeMillis() < until) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    tombstoned |= sha.equals(r.key()) && r.value() == null;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(tombstoned, "a tombstone for weights " + sha);
    }
}
