package io.reenact.ingest;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.model.RgbImage;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import io.reenact.vision.Assets;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JPEG messages (as the webcam page sends them) to driver-frames, broken ones to dead-letters, on a real broker. */
class EncodedFrameIngestTest {

    @Test
    void decodableJpegsBecomeSquareDriverFramesAndBrokenOnesDeadLetters() throws Exception {
        // a real 720x528 frame of the clip, as a browser would encode its camera picture
        RgbImage picture;
        try (VideoSource clip = VideoSource.open(Assets.require(Assets.MEGAMIND).toString(), 528, ReconnectPolicy.defaults())) {
            picture = clip.next();
        }
        byte[] jpeg = ImageCodecs.encodeJpeg(picture, 85);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        byte[] garbage = "not a picture at all".getBytes(StandardCharsets.UTF_8);

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            kafka.createTopics(Topics.newTopics(2));
            try (DriverFramePublisher publisher = new DriverFramePublisher(kafka.bootstrapServers(), Map.of());
                 EncodedFrameIngest ingest = EncodedFrameIngest.create(kafka.bootstrapServers(), Map.of(), publisher, 128)) {
                EncodedFrameIngest.ClientStream stream = ingest.open("browser-1");
                assertTrue(stream.accept(jpeg));
                assertFalse(stream.accept(truncated));
                assertFalse(stream.accept(garbage));
                assertTrue(stream.accept(jpeg));
                ingest.flush();
                assertEquals(2, stream.published());
                assertEquals(2, stream.rejected());
            }

            List<DriverFrame> frames = read(kafka, Topics.DRIVER_FRAMES, ReenactSerdes.forType(DriverFrame.class).deserializer(), 2);
            assertEquals(2, frames.size());
            for (int i = 0; i < 2; i++) {
                DriverFrame f = frames.get(i);
                assertEquals("browser-1", f.getStreamId());
                assertEquals(i, f.getSequence(), "broken frames take no sequence number");
                assertEquals(128, f.getWidth());
                RgbImage decoded = ImageCodecs.decodeFrame(FrameEncoding.JPEG, bytes(f.getImage()), 128, 128, FrameLimits.DEFAULT);
                RgbImage expected = new SquareCrop(128).apply(picture);
                assertTrue(VideoSourceNetworkTest.meanAbsDiff(decoded, expected) < 4, "the centre square of the picture");
            }

            List<DeadLetter> letters = read(kafka, Topics.DEAD_LETTERS, ReenactSerdes.forType(DeadLetter.class).deserializer(), 2);
            assertEquals(2, letters.size());
            assertEquals(EncodedFrameIngest.STAGE, letters.get(0).getStage());
            assertEquals(DeadLetterReason.CORRUPT_IMAGE, DeadLetterReason.of(letters.get(0).getReason()), letters.get(0).getReason());
            assertTrue(letters.get(0).getReason().contains("stream browser-1"), letters.get(0).getReason());
            assertArrayEquals(truncated, DeadLetters.original(letters.get(0)), "the bytes as received");
            assertArrayEquals(garbage, DeadLetters.original(letters.get(1)));
            assertEquals("browser-1", new String(DeadLetters.key(letters.get(1)), StandardCharsets.UTF_8));
        }
    }

    private static <T> List<T> read(EmbeddedKafka kafka, String topic, Deserializer<T> deserializer, int count) {
        Properties props = ClientSettings.consumer(kafka.bootstrapServers(), "test-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<T> got = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 30_000;
            while (got.size() < count && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        return got;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
