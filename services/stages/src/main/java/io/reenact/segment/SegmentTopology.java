package io.reenact.segment;

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
import io.reenact.stages.StageOptions;
import io.reenact.stages.SingleStageTopology;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;

/**
 * driver-frames → segmented-frames: each driver frame with the foreground mask the segmentation
 * network finds in it (a PNG, the size of the frame).
 *
 * <p>Values are read as bytes and decoded in the processor ({@link StageProcessor}): undecodable
 * Avro, corrupt images, wrong or oversized dimensions become dead letters with the original
 * bytes; frames older than the deadline are dropped and counted.
 */
public final class SegmentTopology extends SingleStageTopology<SegmentedFrame> {

    public static final String STAGE = "segment";

    private final FrameSegmenter segmenter;

    public SegmentTopology(FrameSegmenter segmenter, StageOptions options) {
        this(segmenter, Topics.DRIVER_FRAMES, Topics.SEGMENTED_FRAMES, Topics.DEAD_LETTERS, options);
    }

    public SegmentTopology(FrameSegmenter segmenter, String inputTopic, String outputTopic, String deadLetterTopic,
            StageOptions options) {
        super(STAGE, SegmentedFrame.class, inputTopic, outputTopic, deadLetterTopic, options);
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
    }

    @Override
    protected StageProcessor<SegmentedFrame> newProcessor() {
        return new SegmentProcessor(segmenter, options);
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
