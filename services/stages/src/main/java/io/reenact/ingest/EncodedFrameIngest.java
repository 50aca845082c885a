package io.reenact.ingest;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetters;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.FrameEncoding;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ImageCodecs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Driver frames that arrive already encoded, one JPEG per message: the browser webcam page sends
 * them over a WebSocket. Each frame is checked and decoded as the stages decode frames (header
 * size and limits first, then the image), framed square at the model's size, and published like
 * any other source's frame; one that does not decode becomes a {@link DeadLetter} on
 * {@code dead-letters} with its bytes, and the stream goes on.
 */
public final class EncodedFrameIngest implements AutoCloseable {

    /** The stage name dead letters of this path carry. */
    public static final String STAGE = "ingest";

    private final DriverFramePublisher publisher;
    private final Producer<String, DeadLetter> deadLetters;
    private final String deadLetterTopic;
    private final Supplier<Framing> framings;
    private final FrameLimits limits;

    public EncodedFrameIngest(DriverFramePublisher publisher, Producer<String, DeadLetter> deadLetters,
                              String deadLetterTopic, int size, FrameLimits limits) {
        this(publisher, deadLetters, deadLetterTopic, () -> new CentreFraming(size), limits);
    }

    /** @param framings a new framing for each stream (a face-tracking one carries state from frame to frame) */
    public EncodedFrameIngest(DriverFramePublisher publisher, Producer<String, DeadLetter> deadLetters,
                              String deadLetterTopic, Supplier<Framing> framings, FrameLimits limits) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
        this.framings = framings;
        this.limits = limits;
    }

    /** Publishes through {@code publisher} and sends dead letters with a producer of its own. */
    public static EncodedFrameIngest create(String bootstrapServers, Map<String, ?> serdeConfig,
                                            DriverFramePublisher publisher, int size) {
        return create(bootstrapServers, serdeConfig, publisher, () -> new CentreFraming(size));
    }

    public static EncodedFrameIngest create(String bootstrapServers, Map<String, ?> serdeConfig,
                                            DriverFramePublisher publisher, Supplier<Framing> framings) {
        Producer<String, DeadLetter> deadLetters = new KafkaProducer<>(ClientSettings.producer(bootstrapServers),
                new StringSerializer(), ReenactSerdes.forType(DeadLetter.class, serdeConfig).serializer());
        return new EncodedFrameIngest(publisher, deadLetters, Topics.DEAD_LETTERS, framings, FrameLimits.DEFAULT);
    }

    /** One client's stream: numbers its frames from 0 in the order they arrive. */
    public ClientStream open(String streamId) {
        if (streamId == null || streamId.isBlank()) {
            throw new IllegalArgumentException("a stream id is required");
        }
        return new ClientStream(streamId);
    }

    /** The frames of one stream id from one connection. */
    public final class ClientStream {

        private final String streamId;
        private final Framing framing = framings.get();
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();

        private ClientStream(String streamId) {
            this.streamId = streamId;
        }

        /**
         * Publishes one encoded frame; its capture time is now, when it reached the server (a
         * browser's clock is not the pipeline's). Returns false when it went to the dead letters.
         */
        public boolean accept(byte[] jpeg) {
            long receivedMs = System.currentTimeMillis();
            RgbImage image;
            try {
                int[] size = ImageCodecs.headerSize(FrameEncoding.JPEG, jpeg, 0, 0);
                image = ImageCodecs.decodeFrame(FrameEncoding.JPEG, jpeg, size[0], size[1], limits);
            } catch (BadRecordException e) {
                rejected.incrementAndGet();
                deadLetters.send(new ProducerRecord<>(deadLetterTopic, streamId,
                        DeadLetters.of(STAGE, "", -1, -1L, streamId.getBytes(StandardCharsets.UTF_8), jpeg,
                                e.reason() + " (frame " + (published.get() + rejected.get()) + " received from stream "
                                        + streamId + ")", e, receivedMs)));
                return false;
            }
            Framed framed;
            synchronized (framing) {
                framed = framing.apply(image, receivedMs / 1000.0);
            }
            long sequence = published.getAndIncrement();
            publisher.publish(DriverFramePublisher.frame(streamId, sequence, framed.image(), receivedMs, framed.face()));
            return true;
        }

        public String streamId() {
            return streamId;
        }

        public long published() {
            return published.get();
        }

        public long rejected() {
            return rejected.get();
        }
    }

    public void flush() {
        publisher.flush();
        deadLetters.flush();
    }

    /** Closes the dead-letter producer; the frame publisher belongs to whoever passed it in. */
    @Override
    public void close() {
        deadLetters.close();
    }
}
