package io.reenact.ingest;

import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest path on a real broker: source → pump → publisher → driver-frames. */
class DriverFramePublisherTest {

    /** A finite source of given frames. */
    private static DriverSource frames(List<RgbImage> images) {
        Iterator<RgbImage> it = images.iterator();
        return new DriverSource() {
            @Override
            public RgbImage next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public double frameRate() {
                return 25;
            }

            @Override
            public String describe() {
                return "test frames";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void publishesNumberedJpegFramesKeyedByStreamInOrder() throws Exception {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] p = new byte[32 * 32 * 3];
            java.util.Arrays.fill(p, (byte) (i * 40));
            images.add(new RgbImage(32, 32, p));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            kafka.createTopics(Topics.newTopics(2));
            List<Long> tapped = new ArrayList<>();
            long before = System.currentTimeMillis();
            try (DriverFramePublisher publisher = new DriverFramePublisher(kafka.bootstrapServers(), Map.of())) {
                SourcePump pump = new SourcePump("cam-7", frames(images), publisher, Pacing.unpaced(), 0,
                        image -> tapped.add((long) tapped.size()));
                pump.run();
                assertNull(pump.failure());
                assertEquals(6, pump.sent());
            }
            assertEquals(6, tapped.size(), "the tap sees every published frame");

            Properties props = ClientSettings.consumer(kafka.bootstrapServers(), "test-" + System.nanoTime());
            props.put("auto.offset.reset", "earliest");
            List<ConsumerRecord<String, DriverFrame>> got = new ArrayList<>();
            try (KafkaConsumer<String, DriverFrame> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    ReenactSerdes.forType(DriverFrame.class).deserializer())) {
                consumer.subscribe(List.of(Topics.DRIVER_FRAMES));
                long until = System.currentTimeMillis() + 30_000;
                while (got.size() < 6 && System.currentTimeMillis() < until) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
            }
            assertEquals(6, got.size());
            int partition = got.get(0).partition();
            for (int i = 0; i < 6; i++) {
                ConsumerRecord<String, DriverFrame> r = got.get(i);
                DriverFrame f = r.value();
                assertEquals("cam-7", r.key());
                assertEquals(partition, r.partition(), "one stream, one partition");
                assertEquals(i, f.getSequence(), "order kept");
                assertEquals(FrameEncoding.JPEG, f.getEncoding());
                assertTrue(f.getCaptureTimeMs() >= before);
                ByteBuffer b = f.getImage().duplicate();
                byte[] jpeg = new byte[b.remaining()];
                b.get(jpeg);
                RgbImage decoded = ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, 32, 32, FrameLimits.DEFAULT);
                assertEquals(i * 40, decoded.get(10, 10, 1), 3.0);
            }
        }
    }
}
