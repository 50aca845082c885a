package io.reenact.egress;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.schema.ReenactedFrame;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * reenacted-frames → the outputs of this process (viewer, MJPEG, recorder): a sink topology. It
 * reads bytes and decodes them itself so that one undecodable record is counted and skipped rather
 * than stopping the output of every stream.
 */
public final class EgressTopology {

    public static final String STAGE = "egress";
    private static final Logger LOG = LoggerFactory.getLogger(EgressTopology.class);

    private final String inputTopic;
    private final Map<String, ?> serdeConfig;
    private final Consumer<ReenactedFrame> sink;
    private final LongAdder undecodable = new LongAdder();

    public EgressTopology(Map<String, ?> serdeConfig, Consumer<ReenactedFrame> sink) {
        this(Topics.REENACTED_FRAMES, serdeConfig, sink);
    }

    public EgressTopology(String inputTopic, Map<String, ?> serdeConfig, Consumer<ReenactedFrame> sink) {
        this.inputTopic = inputTopic;
        this.serdeConfig = serdeConfig;
        this.sink = sink;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        Deserializer<ReenactedFrame> deserializer = ReenactSerdes.forType(ReenactedFrame.class, serdeConfig).deserializer();
        builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .foreach((key, value) -> {
                    ReenactedFrame frame;
                    try {
                        frame = deserializer.deserialize(inputTopic, value);
                    } catch (RuntimeException e) {
                        undecodable.increment();
                        LOG.warn("skipping an undecodable record of stream {}: {}", key, e.getMessage());
                        return;
                    }
                    if (frame == null) {
                        return;
                    }
                    try {
                        sink.accept(frame);
                    } catch (RuntimeException e) {
                        // a broken output (a corrupt image in one frame) must not stop the others
                        undecodable.increment();
                        LOG.warn("stream {} frame {}: output failed: {}", key, frame.getSequence(), e.getMessage());
                    }
                });
        return builder.build();
    }

    /** Records that could not be decoded or shown. */
    public long undecodable() {
        return undecodable.sum();
    }
}
