package io.reenact.pose;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.StageTimer;
import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.FrameMask;
import io.reenact.schema.MaskEncoding;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.SegmentedFrame;
import io.reenact.stages.AvroDecoder;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.Outcome;
import io.reenact.stages.StageOptions;
import io.reenact.stages.SingleStageTopology;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;

/**
 * segmented-frames → pose-embeddings: the latent pose descriptor of each driver frame, with the
 * driver frame (JPEG) and its mask (PNG) carried along for side-by-side views and paste-back.
 *
 * <p>The pose encoder sees the driver frame as it is, background included, not multiplied by the
 * mask: in the paper the pose encoder takes the raw (augmented) driver crop, and the network is
 * trained that way, so masking here would feed it images it never saw. The mask is still decoded
 * and checked against the frame's size so a mismatched pair is refused here rather than composited
 * wrongly downstream.
 *
 * <p>Bad input (undecodable Avro, corrupt image or mask, wrong or oversized dimensions, a
 * non-finite descriptor from the network) becomes a dead letter; late frames are dropped.
 */
public final class PoseTopology extends SingleStageTopology<PoseEmbedding> {

    public static final String STAGE = "pose";

    private final PoseModel model;

    public PoseTopology(PoseModel model, StageOptions options) {
        this(model, Topics.SEGMENTED_FRAMES, Topics.POSE_EMBEDDINGS, Topics.DEAD_LETTERS, options);
    }

    public PoseTopology(PoseModel model, String inputTopic, String outputTopic, String deadLetterTopic,
            StageOptions options) {
        super(STAGE, PoseEmbedding.class, inputTopic, outputTopic, deadLetterTopic, options);
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    protected StageProcessor<PoseEmbedding> newProcessor() {
        return new PoseProcessor(model, options);
    }

    static final class PoseProcessor extends StageProcessor<PoseEmbedding> {

        private final PoseModel model;
        private final AvroDecoder<SegmentedFrame> decoder;

        PoseProcessor(PoseModel model, StageOptions options) {
            super(STAGE, options);
            this.model = model;
            this.decoder = new AvroDecoder<>(SegmentedFrame.class, options.serdeConfig());
        }

        @Override
        protected Outcome<PoseEmbedding> handle(Record<String, byte[]> record, long receivedMs) {
            StageTimer timer = Timings.start(STAGE, options.clock());
            SegmentedFrame segmented = decoder.decode(sourceTopic(), record.value());
            DriverFrame frame = segmented.getFrame();
            FrameMask frameMask = segmented.getMask();
            if (late(frame.getCaptureTimeMs(), receivedMs)) {
                return null;
            }
            byte[] imageBytes = bytes(frame.getImage());
            RgbImage image = ImageCodecs.decodeFrame(frame.getEncoding(), imageBytes, frame.getWidth(),
                    frame.getHeight(), options.limits());
            byte[] maskBytes = bytes(frameMask.getMask());
            Mask mask = ImageCodecs.decodeMask(frameMask.getEncoding(), maskBytes, frameMask.getWidth(),
                    frameMask.getHeight(), options.limits());
            if (mask.width() != image.width() || mask.height() != image.height()) {
                throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS, "mask is " + mask.width() + "x"
                        + mask.height() + ", frame is " + image.width() + "x" + image.height());
            }
            long modelStart = System.nanoTime();
            float[] pose = model.encodePose(image);
            long modelMicros = micros(modelStart);
            Embeddings.requireFinite("pose descriptor", pose);
            byte[] driverJpeg = frame.getEncoding() == FrameEncoding.JPEG
                    ? imageBytes
                    : ImageCodecs.encodeJpeg(image, options.jpegQuality());
            byte[] maskPng = frameMask.getEncoding() == MaskEncoding.PNG ? maskBytes : ImageCodecs.encodeMaskPng(mask);
            PoseEmbedding embedding = PoseEmbedding.newBuilder()
                    .setStreamId(frame.getStreamId())
                    .setSequence(frame.getSequence())
                    .setCaptureTimeMs(frame.getCaptureTimeMs())
                    .setVector(Embeddings.toList(pose))
                    .setModelVersion(model.modelVersion())
                    .setDriver(ByteBuffer.wrap(driverJpeg))
                    .setDriverMask(ByteBuffer.wrap(maskPng))
                    .setTimings(Timings.append(frame.getTimings(), timer.done(modelMicros)))
                    .build();
            return Outcome.ok(frame.getStreamId(), embedding, modelMicros, frame.getCaptureTimeMs());
        }
    }
}
