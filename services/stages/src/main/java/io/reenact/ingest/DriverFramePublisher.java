package io.reenact.ingest;

import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FaceBox;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * Publishes driver frames of one or more streams to {@code driver-frames}, keyed by stream id so
 * that every frame of a stream lands on one partition and keeps its order.
 *
 * <p>Frames are JPEG: a 128² frame is about 5 KB instead of 48 KB raw, and the segmenter decodes
 * one in a fraction of a millisecond. The capture time is taken when the frame is handed over,
 * which is when the pipeline's end-to-end latency starts.
 */
public final class DriverFramePublisher implements AutoCloseable {

    public static final int JPEG_QUALITY = 90;

    private final Producer<String, DriverFrame> producer;
    private final String topic;

    public DriverFramePublisher(String bootstrapServers, Map<String, ?> serdeConfig) {
        this(createProducer(bootstrapServers, serdeConfig), Topics.DRIVER_FRAMES);
    }

    public DriverFramePublisher(Producer<String, DriverFrame> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    private static Producer<String, DriverFrame> createProducer(String bootstrapServers, Map<String, ?> serdeConfig) {
        Properties props = ClientSettings.producer(bootstrapServers);
        Serde<DriverFrame> serde = ReenactSerdes.forType(DriverFrame.class, serdeConfig);
        return new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    /** Builds the record for one frame: JPEG bytes, size, sequence and capture time. */
    public static DriverFrame frame(String streamId, long sequence, RgbImage image, long captureTimeMs) {
        return frame(streamId, sequence, image, captureTimeMs, null);
    }

    /** As above, with where the face is in {@code image} (null when unknown). */
    public static DriverFrame frame(String streamId, long sequence, RgbImage image, long captureTimeMs, FaceBox face) {
        return DriverFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTimeMs(captureTimeMs)
                .setWidth(image.width())
                .setHeight(image.height())
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(image, JPEG_QUALITY)))
                .setFaceBox(face)
                .setTimings(List.of())
                .build();
    }

    /** Sends one frame now; the capture time is now. */
    public Future<RecordMetadata> publish(String streamId, long sequence, RgbImage image) {
        return publish(frame(streamId, sequence, image, System.currentTimeMillis()));
    }

    public Future<RecordMetadata> publish(DriverFrame frame) {
        return producer.send(new ProducerRecord<>(topic, frame.getStreamId(), frame));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
