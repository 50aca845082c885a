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
import io.restassured.RestAssured;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
@QuarkusTestResource(PushReceiverResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EgressServiceTest {

    @org.junit.jupiter.api.BeforeAll
    static void everyRequestCarriesAToken() {
        TestTokens.authoriseEverything();
    }

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    /** First: it counts the egress stage's frames from zero. */
    @Test
    @Order(1)
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

    /**
     * The configured outputs from the topic on: the chosen stream keyed over green and pushed over
     * RTMP (ffmpeg receives it), and its MJPEG URL read by ffprobe as OBS would.
     */
    @Test
    @Order(2)
    void pushesTheChosenStreamOverRtmpAndServesItAsMjpegToFfmpeg() throws Exception {
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            try (KafkaProducer<String, ReenactedFrame> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap),
                    new StringSerializer(), ReenactSerdes.forType(ReenactedFrame.class).serializer())) {
                for (long seq = 0; feeding.get(); seq++) {
                    producer.send(new ProducerRecord<>(Topics.REENACTED_FRAMES, PushReceiverResource.STREAM,
                            frame(PushReceiverResource.STREAM, seq)));
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "obs-frames");
        feeder.start();
        try {
            Map<String, String> pushed = Map.of();
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until && !pushed.containsKey("nb_read_frames")) {
                Thread.sleep(500);
                pushed = probe(PushReceiverResource.RECEIVED.toString(), true);
            }
            assertEquals("h264", pushed.get("codec_name"), "received over RTMP: " + pushed);
            assertEquals(String.valueOf(PushReceiverResource.OUTPUT_SIZE), pushed.get("width"), pushed.toString());
            assertTrue(Integer.parseInt(pushed.get("nb_read_frames")) > 0, pushed.toString());
            Path png = PushReceiverResource.RECEIVED.resolveSibling("first-frame.png");
            Process extract = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i",
                    PushReceiverResource.RECEIVED.toString(), "-frames:v", "1", png.toString()).inheritIO().start();
            assertTrue(extract.waitFor(30, TimeUnit.SECONDS) && extract.exitValue() == 0, "ffmpeg decodes the push");
            BufferedImage first = ImageIO.read(png.toFile());
            int corner = first.getRGB(2, 2);
            int centre = first.getRGB(32, 32);
            assertTrue((corner >> 8 & 0xff) > 200 && (corner >> 16 & 0xff) < 60, "keyed over green: "
                    + Integer.toHexString(corner));
            assertTrue((centre >> 16 & 0xff) > 150 && (centre >> 8 & 0xff) < 80, "the person (red square) inside: "
                    + Integer.toHexString(centre));

            Map<String, String> mjpeg = probe("http://127.0.0.1:" + RestAssured.port
                    + "/streams/" + PushReceiverResource.STREAM + "/mjpeg?panel=reenacted", false);
            assertEquals("mjpeg", mjpeg.get("codec_name"), mjpeg.toString());
            assertEquals("16", mjpeg.get("width"), mjpeg.toString());
        } finally {
            feeding.set(false);
            feeder.join(10_000);
        }
    }

    /** ffprobe's codec_name, width, height (and nb_read_frames) of the first video stream; empty when unreadable. */
    private static Map<String, String> probe(String input, boolean countFrames) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        if (input.startsWith("http")) {
            // as OBS would be configured: the token in a header
            cmd.addAll(List.of("-headers", "Authorization: Bearer " + TestTokens.token("obs", List.of("*"), List.of()) + "\r\n"));
        }
        if (countFrames) {
            cmd.add("-count_frames");
        }
        cmd.addAll(List.of("-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height" + (countFrames ? ",nb_read_frames" : ""),
                "-of", "default=noprint_wrappers=1", input));
        Path log = Files.createTempFile("ffprobe", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!done || p.exitValue() != 0) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.substring(eq + 1).isBlank() && !line.endsWith("=N/A")) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    private static ReenactedFrame frame() {
        return frame("studio-1", 0);
    }

    /** A 16 x 16 frame: a bright square inside the mask, its driver darker. */
    private static ReenactedFrame frame(String streamId, long sequence) {
        byte[] pixels = new byte[16 * 16 * 3];
        byte[] alpha = new byte[256];
        for (int y = 4; y < 12; y++) {
            for (int x = 4; x < 12; x++) {
                alpha[y * 16 + x] = (byte) 255;
                pixels[(y * 16 + x) * 3] = (byte) (200 + sequence % 50);
            }
        }
        RgbImage image = new RgbImage(16, 16, pixels);
        return ReenactedFrame.newBuilder()
                .setStreamId(streamId).setSequence(sequence).setCaptureTimeMs(System.currentTimeMillis())
                .setAvatarId("a").setWidth(16).setHeight(16).setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(new Mask(16, 16, alpha))))
                .setDriver(ByteBuffer.wrap(ImageCodecs.encodeJpeg(RgbImage.blank(16, 16), 90)))
                .setModelVersion("test").setTimings(List.of())
                .build();
    }

    /** After the first test: stream studio-1 has frames to hide. */
    @Test
    @Order(3)
    void watchingOrRecordingAnotherOwnersStreamIsRefused() {
        String alice = "Bearer " + TestTokens.token("alice", List.of("alice-*"), List.of());
        given().header("Authorization", alice).get("/streams/studio-1/mjpeg").then().statusCode(403);
        given().header("Authorization", alice).put("/streams/studio-1/recording").then().statusCode(403);
        given().header("Authorization", alice).delete("/streams/studio-1/recording").then().statusCode(403);
        given().header("Authorization", alice).get("/stats").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("studio-1")));
        given().get("/stats").then().statusCode(200).body(containsString("studio-1"));
        TestTokens.authoriseNothing();
        try {
            given().get("/streams/studio-1/mjpeg").then().statusCode(401);
            given().get("/").then().statusCode(401);
            given().header("Authorization", "Bearer " + TestTokens.expired("alice")).get("/stats").then().statusCode(401);
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            TestTokens.authoriseEverything();
        }
    }
}
