package io.reenact.ingest;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How a client of the pipeline publishes its own driver frames, without the ingest service: a plain
 * Kafka producer writing {@link DriverFrame} records to {@code driver-frames}, keyed by stream id.
 * (The ingest module's README walks through it.)
 *
 * <pre>
 *   java -cp ... io.reenact.ingest.DirectClientExample localhost:9092 my-stream 100
 * </pre>
 *
 * The frames here are a moving gradient so the example needs nothing but the classpath; a real
 * client puts its camera's frames, cropped square around the face, in their place.
 */
public final class DirectClientExample {

    private DirectClientExample() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        String streamId = args.length > 1 ? args[1] : "direct-client";
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 100;

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // live video: send each frame at once rather than batching for throughput
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        // a secured cluster: security.protocol, sasl.*, ssl.* from the file REENACT_KAFKA_CONFIG names
        props.putAll(io.reenact.common.KafkaClientConfig.load());
        // Registry-free Avro (single-object encoding); use Map.of(ReenactSerdes.SERDE_MODE, "registry",
        // ReenactSerdes.REGISTRY_URL, url) against a cluster with Apicurio Registry.
        Map<String, Object> serdeConfig = Map.of();
        try (KafkaProducer<String, DriverFrame> producer = new KafkaProducer<>(props, new StringSerializer(),
                ReenactSerdes.forType(DriverFrame.class, serdeConfig).serializer())) {
            for (int sequence = 0; sequence < frames; sequence++) {
                RgbImage image = gradient(128, sequence);
                DriverFrame frame = DriverFrame.newBuilder()
                        .setStreamId(streamId)
                        .setSequence(sequence)                       // per-stream order, from 0
                        .setCaptureTimeMs(System.currentTimeMillis()) // end-to-end latency starts here
                        .setWidth(image.width())
                        .setHeight(image.height())
                        .setEncoding(FrameEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, 90)))
                        .setTimings(List.of())
                        .build();
                // the key is the stream id: all frames of a stream go to one partition, in order
                producer.send(new ProducerRecord<>(Topics.DRIVER_FRAMES, streamId, frame));
                Thread.sleep(40); // 25 frames/s, as a camera would deliver them
            }
            producer.flush();
        }
        System.out.println("published " + frames + " frames of stream " + streamId + " to " + bootstrap);
    }

    static RgbImage gradient(int size, int t) {
        byte[] pixels = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = (y * size + x) * 3;
                pixels[p] = (byte) (x * 2 + t);
                pixels[p + 1] = (byte) (y * 2);
                pixels[p + 2] = (byte) (128 + t);
            }
        }
        return new RgbImage(size, size, pixels);
    }
}
