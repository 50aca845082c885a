package io.reenact.stages;

import io.reenact.common.ReenactSerdes;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.FrameMask;
import io.reenact.schema.MaskEncoding;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.SegmentedFrame;
import io.reenact.schema.SessionBinding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;

/** Records and bytes the stage tests feed in, built with the real Avro serdes. */
public final class StageFixtures {

    public static final int SIZE = 128;

    private StageFixtures() {
    }

    public static Properties driverProps(String appId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // a state directory of its own: the generator's weights store is on disk (RocksDB), locked
        // by whoever opened it, and another build or fork on this machine may run the same test
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("reenact-ttd-");
            dir.toFile().deleteOnExit();
            p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> byte[] avro(T record) {
        Class<T> type = (Class<T>) record.getClass();
        return ReenactSerdes.forType(type).serializer().serialize("any", record);
    }

    public static <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes) {
        return ReenactSerdes.forType(type).deserializer().deserialize("any", bytes);
    }

    public static DriverFrame driverFrame(String streamId, long sequence, long captureTimeMs, long seed) {
        RgbImage image = TestFrames.head(SIZE, seed, (int) sequence);
        return driverFrame(streamId, sequence, captureTimeMs, FrameEncoding.JPEG, SIZE, SIZE,
                ImageCodecs.encodeJpeg(image, 90));
    }

    public static DriverFrame driverFrame(String streamId, long sequence, long captureTimeMs, FrameEncoding encoding,
            int width, int height, byte[] image) {
        return DriverFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTimeMs(captureTimeMs)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setImage(ByteBuffer.wrap(image))
                .build();
    }

    /** A driver frame with a plausible mask (the head ellipse region, from brightness). */
    public static SegmentedFrame segmented(DriverFrame frame) {
        RgbImage image = ImageCodecs.decodeRgb(StageProcessor.bytes(frame.getImage()), "JPEG");
        byte[] alpha = new byte[image.width() * image.height()];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) ((image.pixels()[i * 3] & 0xff) > 150 ? 255 : 0);
        }
        Mask mask = new Mask(image.width(), image.height(), alpha);
        FrameMask frameMask = FrameMask.newBuilder().setWidth(mask.width()).setHeight(mask.height())
                .setEncoding(MaskEncoding.PNG).setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(mask)))
                .setModelVersion("test-threshold").build();
        return new SegmentedFrame(frame, frameMask);
    }

    public static PoseEmbedding poseEmbedding(String streamId, long sequence, long captureTimeMs, float[] vector) {
        return PoseEmbedding.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTimeMs(captureTimeMs)
                .setVector(Embeddings.toList(vector))
                .setModelVersion("test")
                .build();
    }

    public static SessionBinding binding(String streamId, String avatarId) {
        return new SessionBinding(streamId, avatarId, System.currentTimeMillis(), false);
    }

    public static Avatar avatar(String avatarId, float[] identity, String modelVersion) {
        return Avatar.newBuilder()
                .setAvatarId(avatarId)
                .setIdentity(Embeddings.toList(identity))
                .setModelVersion(modelVersion)
                .setFrameCount(4)
                .setCreatedAtMs(System.currentTimeMillis())
                .build();
    }

    public static List<EnrolmentFrame> enrolment(String avatarId, String enrolmentId, int count, long seed,
            int fineTuneSteps) {
        List<EnrolmentFrame> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(EnrolmentFrame.newBuilder()
                    .setAvatarId(avatarId)
                    .setEnrolmentId(enrolmentId)
                    .setIndex(i)
                    .setCount(count)
                    .setEncoding(FrameEncoding.JPEG)
                    .setWidth(SIZE)
                    .setHeight(SIZE)
                    .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(TestFrames.head(SIZE, seed, i * 3), 90)))
                    .setFineTuneSteps(fineTuneSteps)
                    .build());
        }
        return out;
    }

    /** Avro bytes cut in half: a truncated record. */
    public static byte[] truncated(byte[] avro) {
        return java.util.Arrays.copyOf(avro, avro.length / 2);
    }

    public static byte[] garbage(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    public static byte[] original(DeadLetter letter) {
        return StageProcessor.bytes(letter.getOriginal());
    }
}
