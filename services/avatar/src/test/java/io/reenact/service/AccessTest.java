package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.is;

/** Who may do what: bearer tokens (Quarkus SmallRye JWT) and the grants they carry. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class AccessTest {

    private static final String ALICE = TestTokens.token("alice", List.of("alice-*"), List.of("alice-*"));

    @BeforeAll
    static void noDefaultToken() {
        TestTokens.authoriseNothing();
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void noExpiredOrForgedTokenGets401() {
        given().get("/avatars").then().statusCode(401);
        given().delete("/avatars/alice-1").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"avatarId\": \"alice-1\"}").put("/sessions/alice-cam").then().statusCode(401);
        as(TestTokens.expired("alice")).get("/avatars").then().statusCode(401);
        as(TestTokens.forged("alice")).get("/avatars").then().statusCode(401);
        as("not.a.token").get("/avatars").then().statusCode(401);
    }

    @Test
    void anotherOwnersAvatarOrStreamGets403() {
        as(ALICE).get("/avatars").then().statusCode(200);
        as(ALICE).get("/avatars/bob-1").then().statusCode(403);
        as(ALICE).delete("/avatars/bob-1").then().statusCode(403);
        as(ALICE).multiPart("id", "bob-1").multiPart("file", "x.png", new byte[] {1, 2, 3}, "image/png")
                .post("/avatars").then().statusCode(403);
        as(ALICE).contentType(ContentType.JSON).body("{\"avatarId\": \"alice-1\", \"force\": true}")
                .put("/sessions/bob-cam").then().statusCode(403);
        as(ALICE).contentType(ContentType.JSON).body("{\"avatarId\": \"bob-1\", \"force\": true}")
                .put("/sessions/alice-cam").then().statusCode(403);
        as(ALICE).delete("/sessions/bob-cam").then().statusCode(403);
        // her own: allowed through to the usual checks (no such avatar yet)
        as(ALICE).get("/avatars/alice-1").then().statusCode(404);
    }

    @Test
    void healthAndMetricsStayOpenAndNothingElseUnderQ() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/anything-else").then().statusCode(401);
    }

    @Test
    void loginKeepsTheTokenAsAStrictHttpOnlyCookieThatBrowsersThenSend() {
        given().redirects().follow(false).get("/login").then().statusCode(400);
        given().redirects().follow(false).queryParam("token", TestTokens.forged("alice")).get("/login").then().statusCode(401);
        for (String elsewhere : new String[] {"//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example"}) {
            given().redirects().follow(false).queryParam("token", ALICE).queryParam("to", elsewhere)
                    .get("/login").then().statusCode(303).header("Location", is("/"));
        }
        given().redirects().follow(false).queryParam("token", ALICE).queryParam("to", "/webcam/?stream=alice-cam")
                .get("/login").then().statusCode(303).header("Location", is("/webcam/?stream=alice-cam"));
        given().redirects().follow(false).queryParam("token", ALICE).queryParam("to", "https://evil.example/")
                .get("/login").then().statusCode(303).header("Location", is("/"))
                .header("Set-Cookie", containsStringIgnoringCase("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"));
        given().cookie("reenact_token", ALICE).get("/avatars/bob-1").then().statusCode(403);
        given().cookie("reenact_token", ALICE).get("/avatars").then().statusCode(200);
        given().cookie("reenact_token", TestTokens.forged("alice")).get("/avatars").then().statusCode(401);
        // the cookie reads; a change needs the header, which another site's page cannot make a browser send
        given().cookie("reenact_token", ALICE).delete("/avatars/alice-1").then().statusCode(403);
        given().header("Authorization", "Bearer " + ALICE).cookie("reenact_token", ALICE).delete("/avatars/alice-1")
                .then().statusCode(404);
        // a stale cookie must not lock anyone out of logging in again
        given().redirects().follow(false).cookie("reenact_token", TestTokens.expired("alice")).queryParam("token", ALICE)
                .get("/login").then().statusCode(303);
    }
}
