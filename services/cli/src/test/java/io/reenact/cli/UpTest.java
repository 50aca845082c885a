package io.reenact.cli;

import io.reenact.access.AccessTokens;
import io.reenact.common.Grants;
import io.reenact.egress.Mp4Recorder;
import io.reenact.model.RgbImage;
import io.reenact.stages.ImageCodecs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reenact up} over HTTP on the real broker and networks: enrol over REST, bind, play a file
 * through the ingest API, read the live MJPEG; then stop and start again on the same data directory
 * and find the avatar and the binding still there.
 */
class UpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The token {@code up} made in its data directory; every request of this test carries it. */
    private static String token;

    @Test
    void enrolBindPlayWatchAndKeepItAllAcrossARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path media = Files.createDirectories(dir.resolve("media"));
        List<RgbImage> person = AvatarFrames.synthetic(2020, 0, 40, 128);
        try (Mp4Recorder clip = new Mp4Recorder(media.resolve("clip.mp4"), 128, 1, 25)) {
            for (RgbImage frame : person) {
                clip.record(frame);
            }
        }
        Files.createDirectories(data);
        UpCommand options = options(data, media);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        try (UpCommand.Local up = UpCommand.Local.start(options, data, out)) {
            String base = "http://localhost:" + up.port();
            token = Files.readString(data.resolve("token")).trim();
            up.printEndpoints(out, data);
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains(base + "/login?token=" + token),
                    "up prints a viewer URL that carries its token");
            assertEquals(200, get(base + "/health").statusCode());
            assertTrue(get(base + "/health").body().contains("\"UP\""));
            assertAccessRules(base, data);

            HttpResponse<String> enrolled = enrol(base, "synthetic-7",
                    ImageCodecs.encodePng(AvatarFrames.synthetic(2020, 7, 1, 128).get(0)));
            assertEquals(202, enrolled.statusCode(), enrolled.body());
            awaitStatus(base + "/avatars/synthetic-7", 200);
            assertEquals("synthetic-7", new JsonArray(get(base + "/avatars").body()).getJsonObject(0).getString("avatarId"));

            assertEquals(404, put(base + "/sessions/cam-1", "{\"avatarId\": \"nobody\"}").statusCode(),
                    "binding to an avatar that does not exist is refused");
            assertEquals(200, put(base + "/sessions/cam-1", "{\"avatarId\": \"synthetic-7\"}").statusCode());
            assertEquals(400, put(base + "/streams/cam-1", "{\"source\": \"../clip.mp4\"}").statusCode(),
                    "files outside the media folder are refused");
            assertEquals(400, put(base + "/streams/cam-1", "{\"source\": \"concat:clip.mp4|clip.mp4\"}").statusCode(),
                    "FFmpeg's meta-protocols are refused");
            assertEquals(400, put(base + "/sessions/cam..1%20x", "{\"avatarId\": \"synthetic-7\"}").statusCode(),
                    "one stream-id rule");
            HttpResponse<String> playing = put(base + "/streams/cam-1", "{\"source\": \"clip.mp4\"}");
            assertEquals(200, playing.statusCode(), playing.body());

            assertTrue(mjpegParts(base + "/streams/cam-1/mjpeg", 3) >= 3, "the live output streams frames");
            assertEquals(200, get(base + "/webcam/").statusCode());
            assertTrue(get(base + "/webcam/").body().contains("WebSocket"), "the webcam page");

            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> UpCommand.Local.start(options(data, media), data, out).close());
            assertTrue(second.getMessage().contains("in use"), second.getMessage());
        }

        try (UpCommand.Local again = UpCommand.Local.start(options(data, media), data, out)) {
            String base = "http://localhost:" + again.port();
            assertEquals(token, Files.readString(data.resolve("token")).trim(), "the token is kept across restarts");
            awaitStatus(base + "/avatars/synthetic-7", 200);
            JsonArray sessions = new JsonArray(get(base + "/sessions").body());
            assertEquals(new JsonObject().put("streamId", "cam-1").put("avatarId", "synthetic-7").put("relative", false),
                    sessions.getJsonObject(0), "the binding survives the restart");
        }
    }

    /** No token, a forged or expired one: 401; another owner's: 403; /login's cookie works like the header. */
    private static void assertAccessRules(String base, Path data) throws Exception {
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/avatars")), null).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/streams/cam-1/mjpeg")), null).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/")), null).statusCode());
        Vertx vertx = Vertx.vertx();
        try {
            String forged = AccessTokens.fromKeyDir(vertx, data.resolve("forger")).issue(Grants.everything("local"), Duration.ofHours(1));
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/avatars")), forged).statusCode());
            AccessTokens upKeys = AccessTokens.fromKeyDir(vertx, data.resolve("keys"));
            String expired = upKeys.issue(Grants.everything("local"), java.time.Instant.now().minusSeconds(60));
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/avatars")), expired).statusCode());
            String bob = upKeys.issue(new Grants("bob", List.of("bob-*"), List.of("bob-*")), Duration.ofHours(1));
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/streams/cam-1/mjpeg")), bob).statusCode());
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/sessions/cam-1")).PUT(
                    HttpRequest.BodyPublishers.ofString("{\"avatarId\": \"bob-1\"}")), bob).statusCode());
            assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/sessions/bob-cam")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"avatarId\": \"synthetic-7\"}")), bob).statusCode());
            assertEquals("[]", send(HttpRequest.newBuilder(URI.create(base + "/avatars")), bob).body());
        } finally {
            vertx.close();
        }
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/login?token=" + token)), null);
        assertEquals(303, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/avatars")).header("Cookie", cookie), null).statusCode());
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(base + "/sessions/cam-9")).header("Cookie", cookie)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"avatarId\": \"synthetic-7\"}")),
                null).statusCode(), "the cookie only reads: a change needs the Authorization header");
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/login?token=not-a-token")), null).statusCode());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws Exception {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static UpCommand options(Path data, Path media) {
        UpCommand options = new UpCommand();
        // a generous deadline: this test checks that frames flow, not how fast a loaded CI machine is
        new CommandLine(options).parseArgs("--port", "0", "--kafka-port", "0", "--data-dir", data.toString(),
                "--media-dir", media.toString(), "--segmenter", "synthetic", "--partitions", "2",
                "--deadline-ms", "30000");
        return options;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)), token);
    }

    private static HttpResponse<String> put(String url, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private static HttpResponse<String> enrol(String base, String id, byte[] png) throws Exception {
        String boundary = "reenact-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + id + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"face.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/avatars")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStatus(String url, int status) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int last = -1;
        while (System.nanoTime() < until) {
            last = get(url).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " answered " + last + ", not " + status);
    }

    /** JPEG parts read from an MJPEG response, up to {@code wanted}. */
    private static int mjpegParts(String url, int wanted) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        int parts = 0;
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (InputStream in = response.body()) {
            int previous = -1;
            int b;
            while (parts < wanted && System.nanoTime() < until && (b = in.read()) >= 0) {
                if (previous == 0xFF && b == 0xD8) {
                    parts++; // a JPEG's start-of-image marker
                }
                previous = b;
            }
        }
        return parts;
    }
}
