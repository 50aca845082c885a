package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;
import io.reenact.model.RgbImage;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webcam page in real headless Chromium with its fake camera, and the WebSocket behind it. */
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class WebcamPageTest {

    @org.junit.jupiter.api.BeforeAll
    static void everyRequestCarriesAToken() {
        TestTokens.authoriseEverything();
    }

    private static final String TOKEN = TestTokens.token("webcam-tester", List.of("*"), List.of());

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/webcam/")
    URL page;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void chromiumsFakeCameraBecomesDriverFrames() throws Exception {
        given().get("/webcam/").then().statusCode(200).body(containsString("getUserMedia"));
        Path profile = Files.createTempDirectory("chromium-profile");
        ProcessBuilder browser = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                // the URL a user is given: /login keeps the token as a cookie, then opens the page
                "http://" + page.getHost() + ":" + page.getPort() + "/login?token=" + TOKEN + "&to="
                        + java.net.URLEncoder.encode("/webcam/?stream=chrome-cam&fps=10&start=1", StandardCharsets.UTF_8))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
        // its own temporary files (a singleton socket it leaves when killed) in the profile, deleted with it
        browser.environment().put("TMPDIR", profile.toString());
        Process chromium = browser.start();
        List<DriverFrame> frames;
        try {
            frames = read(Topics.DRIVER_FRAMES, ReenactSerdes.forType(DriverFrame.class).deserializer(),
                    DriverFrame::getStreamId, "chrome-cam", 10, 90_000);
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            chromium.waitFor();
        }
        assertEquals(10, frames.size(), "frames from Chromium; its log: " + log(profile.resolve("chromium.log")));
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            DriverFrame f = frames.get(i);
            assertEquals(i, f.getSequence());
            assertEquals(128, f.getWidth(), "framed square at the model's size");
            assertEquals(128, f.getHeight());
            images.add(ImageCodecs.decodeFrame(FrameEncoding.JPEG, bytes(f.getImage()), 128, 128, FrameLimits.DEFAULT));
        }
        long spanMs = frames.get(frames.size() - 1).getCaptureTimeMs() - frames.get(0).getCaptureTimeMs();
        System.out.printf("webcam page in headless Chromium (fake camera, asked for 10 frames/s): %d frames in %d ms = %.1f frames/s%n",
                frames.size() - 1, spanMs, (frames.size() - 1) * 1000.0 / Math.max(1, spanMs));
        // Chromium's fake camera draws a moving pattern on a coloured ground: a picture, and one that changes
        assertTrue(spread(images.get(0)) > 10, "a picture, not a blank frame: spread " + spread(images.get(0)));
        assertTrue(!Arrays.equals(images.get(0).pixels(), images.get(9).pixels()), "the camera picture moves");
        Utils.delete(profile.toFile()); // kept when the test fails: Chromium's log is in it
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBrokenJpegBecomesADeadLetterAndTheStreamGoesOn() throws Exception {
        byte[] good = ImageCodecs.encodeJpeg(RgbImage.blank(320, 240), 80);
        byte[] broken = Arrays.copyOf(good, 100);
        URI uri = URI.create("ws://" + page.getHost() + ":" + page.getPort() + "/webcam/ws/java-client");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(uri, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(broken), true).get(10, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(good), true).get(10, TimeUnit.SECONDS);

        List<DeadLetter> letters = read(Topics.DEAD_LETTERS, ReenactSerdes.forType(DeadLetter.class).deserializer(),
                l -> new String(DeadLetters.key(l), StandardCharsets.UTF_8), "java-client", 1, 30_000);
        List<DriverFrame> frames = read(Topics.DRIVER_FRAMES, ReenactSerdes.forType(DriverFrame.class).deserializer(),
                DriverFrame::getStreamId, "java-client", 1, 30_000);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

        assertEquals(1, letters.size());
        assertEquals("ingest", letters.get(0).getStage());
        assertEquals(DeadLetterReason.CORRUPT_IMAGE, DeadLetterReason.of(letters.get(0).getReason()), letters.get(0).getReason());
        assertArrayEquals(broken, DeadLetters.original(letters.get(0)));
        assertEquals(1, frames.size());
        assertEquals(0, frames.get(0).getSequence(), "the broken frame took no sequence number");
        given().get("/q/metrics").then()
                .body(containsString("reenact_ingest_frames_rejected_total 1.0"));
    }

    @Test
    void refusesAStreamIdThatIsNotAName() {
        URI uri = URI.create("ws://" + page.getHost() + ":" + page.getPort() + "/webcam/ws/a%20b%3Bc");
        assertEquals(400, handshakeRefusal(uri, TOKEN, null));
    }

    @Test
    void refusesNoTokenAForgedOneAnotherOwnersStreamAndAnotherSitesPage() {
        URI uri = URI.create("ws://" + page.getHost() + ":" + page.getPort() + "/webcam/ws/bob-cam");
        assertEquals(401, handshakeRefusal(uri, null, null));
        assertEquals(401, handshakeRefusal(uri, TestTokens.forged("bob"), null));
        assertEquals(401, handshakeRefusal(uri, TestTokens.expired("bob"), null));
        assertEquals(403, handshakeRefusal(uri, TestTokens.token("alice", List.of("alice-*"), List.of()), null));
        assertEquals(403, handshakeRefusal(uri, TestTokens.token("bob", List.of("bob-*"), List.of()), "http://evil.example"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void capsOpenConnections() throws Exception {
        List<WebSocket> open = new ArrayList<>();
        int refusedWith = 0;
        try {
            for (int i = 0; i <= io.reenact.ingest.WebcamRoute.MAX_CONNECTIONS && refusedWith == 0; i++) {
                URI uri = URI.create("ws://" + page.getHost() + ":" + page.getPort() + "/webcam/ws/cap-" + i);
                try {
                    open.add(HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                            .buildAsync(uri, new WebSocket.Listener() { }).join());
                } catch (CompletionException e) {
                    refusedWith = assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
                }
            }
            assertEquals(503, refusedWith, "one connection over the cap is refused");
            assertTrue(open.size() >= io.reenact.ingest.WebcamRoute.MAX_CONNECTIONS - 2 && open.size() <= io.reenact.ingest.WebcamRoute.MAX_CONNECTIONS,
                    open.size() + " connections were taken before the refusal");
        } finally {
            for (WebSocket s : open) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The status of a refused WebSocket handshake; fails the test when it is accepted. */
    private static int handshakeRefusal(URI uri, String token, String origin) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        CompletionException e = assertThrows(CompletionException.class,
                () -> builder.buildAsync(uri, new WebSocket.Listener() { }).join());
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }

    /** Records of one stream from the start of {@code topic}, until {@code count} came or the time is up. */
    private <T> List<T> read(String topic, Deserializer<T> deserializer, Function<T, String> streamOf, String stream,
                             int count, long timeoutMs) {
        Properties props = ClientSettings.consumer(bootstrap, "webcam-test-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<T> got = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + timeoutMs;
            while (got.size() < count && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (got.size() < count && stream.equals(streamOf.apply(r.value()))) {
                        got.add(r.value());
                    }
                });
            }
        }
        return got;
    }

    private static double spread(RgbImage image) {
        byte[] p = image.pixels();
        double sum = 0;
        double squares = 0;
        for (byte b : p) {
            int v = b & 0xff;
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / p.length;
        return Math.sqrt(squares / p.length - mean * mean);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static String log(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(none)";
        }
    }
}
