package io.reenact.segment;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageTimer;
import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameMask;
import io.reenact.schema.MaskEncoding;
import io.reenact.schema.SegmentedFrame;
import io.reenact.stages.AvroDecoder;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.Outcome;
import io.reenact.stages.OutcomeRouter;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Record;

/**
 * driver-frames → segmented-frames: each driver frame with the foreground mask the segmentation
 * network finds in it (a PNG, the size of the frame).
 *
 * <p>Values are read as bytes and decoded in the processor ({@link StageProcessor}): undecodable
 * Avro, corrupt images, wrong or oversized dimensions become dead letters with the original
 * bytes; frames older than the deadline are dropped and counted.
 */
public final class SegmentTopology {

    public static final String STAGE = "segment";

    private final FrameSegmenter segmenter;
    private final String inputTopic;
    private final String outputTopic;
    private final String deadLetterTopic;
    private final StageOptions options;

    public SegmentTopology(FrameSegmenter segmenter, StageOptions options) {
        this(segmenter, Topics.DRIVER_FRAMES, Topics.SEGMENTED_FRAMES, Topics.DEAD_LETTERS, options);
    }

    public SegmentTopology(FrameSegmenter segmenter, String inputTopic, String outputTopic, String deadLetterTopic,
            StageOptions options) {
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.options = options;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    public void addTo(StreamsBuilder builder) {
        KStream<String, Outcome<SegmentedFrame>> outcomes = builder
                .stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(STAGE + "-source"))
                .process(() -> new SegmentProcessor(segmenter, options), Named.as(STAGE + "-process"));
        OutcomeRouter.route(STAGE, outcomes, outputTopic,
                ReenactSerdes.forType(SegmentedFrame.class, options.serdeConfig()), deadLetterTopic,
                options.serdeConfig());
    }

    static final class SegmentProcessor extends StageProcessor<SegmentedFrame> {

        private final FrameSegmenter segmenter;
        private final AvroDecoder<DriverFrame> decoder;

        SegmentProcessor(FrameSegmenter segmenter, StageOptions options) {
            super(STAGE, options);
            this.segmenter = segmenter;
            this.decoder = new AvroDecoder<>(DriverFrame.class, options.serdeConfig());
        }

        @Override
        protected Outcome<SegmentedFrame> handle(Record<String, byte[]> record, long receivedMs) {
            StageTimer timer = Timings.start(STAGE, options.clock());
            DriverFrame frame = decoder.decode(sourceTopic(), record.value());
            if (late(frame.getCaptureTimeMs(), receivedMs)) {
                return null;
            }
            RgbImage image = ImageCodecs.decodeFrame(frame.getEncoding(), bytes(frame.getImage()), frame.getWidth(),
                    frame.getHeight(), options.limits());
            long modelStart = System.nanoTime();
            Mask mask = segmenter.segment(image);
            long modelMicros = micros(modelStart);
            FrameMask frameMask = FrameMask.newBuilder()
                    .setWidth(mask.width())
                    .setHeight(mask.height())
                    .setEncoding(MaskEncoding.PNG)
                    .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(mask)))
                    .setModelVersion(segmenter.modelVersion())
                    .build();
            DriverFrame timed = DriverFrame.newBuilder(frame)
                    .setTimings(Timings.append(frame.getTimings(), timer.done(modelMicros)))
                    .build();
            return Outcome.ok(frame.getStreamId(), new SegmentedFrame(timed, frameMask), modelMicros,
                    frame.getCaptureTimeMs());
        }
    }
}
