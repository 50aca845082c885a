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

        given().delete("/avatars/grace").then().statusCode(202);
        until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until && given().get("/avatars/grace").statusCode() != 404) {
            Thread.sleep(200);
        }
        given().get("/avatars/grace").then().statusCode(404);
        given().get("/q/metrics").then().body(containsString("reenact_stage_frames_emitted_total{stage=\"enrol\"} 1.0"));
    }
}
