package io.reenact.avatar;

import static io.reenact.stages.StageFixtures.avro;
import static io.reenact.stages.StageFixtures.enrolment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.generate.RenderedAvatar;
import io.reenact.model.AvatarSources;
import io.reenact.model.ModelConfig;
import io.reenact.model.Reenactor;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpSources;
import io.reenact.schema.Avatar;
import io.reenact.schema.AvatarSource;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.StageFixtures;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * A warping model's avatar carries what its renderer warps, computed once at enrolment: source
 * frames, masks and latent poses travel in the avatar record, and what a generator decodes from
 * the record renders exactly what the enrolment prepared.
 */
class WarpSourcesEnrolmentTest {

    @Test
    void theAvatarRecordCarriesTheWarpSourcesAndTheyRenderAsPrepared() {
        try (ReenactorModels models = new ReenactorModels(Reenactor.untrained(ModelConfig.warp128(), 3));
             TopologyTestDriver driver = new TopologyTestDriver(new EnrolTopology(models, StageOptions.defaults()).build(),
                     StageFixtures.driverProps("enrol-warp-test"))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.ENROLMENT_FRAMES,
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Avatar> avatars = driver.createOutputTopic(Topics.AVATARS,
                    Serdes.String().deserializer(), ReenactSerdes.forType(Avatar.class).deserializer());
            List<EnrolmentFrame> frames = enrolment("wendy", "w1", 6, 9, 0);
            for (EnrolmentFrame f : frames) {
                in.pipeInput("wendy", avro(f));
            }
            Avatar avatar = avatars.readValue();
            int size = ModelConfig.warp128().imageSize();
            assertEquals(Math.min(6, WarpSources.KEPT), avatar.getSources().size());
            for (AvatarSource s : avatar.getSources()) {
                RgbImage image = ImageCodecs.decodeRgb(StageProcessor.bytes(s.getImage()), "PNG");
                assertEquals(size, image.width());
                assertEquals(size, ImageCodecs.decodeMaskPng(StageProcessor.bytes(s.getMask())).width());
                assertEquals(models.poseSize(), s.getPose().size());
            }

            List<RgbImage> images = new ArrayList<>();
            for (EnrolmentFrame f : frames) {
                images.add(ImageCodecs.decodeRgb(StageProcessor.bytes(f.getImage()), "JPEG"));
            }
            AvatarSources prepared = models.prepareSources(images);
            AvatarSources decoded = AvatarSourceRecords.fromRecords("wendy", avatar.getSources(), models.poseSize());
            float[] identity = Embeddings.toArray(avatar.getIdentity());
            float[] pose = models.encodePose(images.get(1));
            RenderedAvatar a = models.base().render(identity, pose, prepared);
            RenderedAvatar b = models.base().render(identity, pose, decoded);
            assertEquals(size, b.image().width());
            assertArrayEquals(a.image().pixels(), b.image().pixels(), "PNG keeps the sources exactly");

            AvatarSource broken = AvatarSource.newBuilder(avatar.getSources().get(0))
                    .setImage(ByteBuffer.wrap(StageFixtures.garbage(300, 4))).build();
            assertThrows(BadRecordException.class,
                    () -> AvatarSourceRecords.fromRecords("wendy", List.of(broken), models.poseSize()));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> models.base().render(identity, pose, AvatarSources.NONE)).getMessage().contains("enrol it again"));
        }
    }

    @Test
    void aWarpingAvatarIsFineTunedAndDrawnWithItsTunedRendererFromItsSources() {
        try (ReenactorModels models = new ReenactorModels(Reenactor.untrained(ModelConfig.warp128(), 3))) {
            List<RgbImage> frames = List.of(io.reenact.stages.TestFrames.head(128, 4, 0),
                    io.reenact.stages.TestFrames.head(128, 4, 5), io.reenact.stages.TestFrames.head(128, 4, 9));
            AvatarFineTuner.Result tuned = models.fineTuner().orElseThrow().fineTune(frames, 2);
            AvatarSources sources = models.prepareSources(frames);
            float[] pose = models.encodePose(frames.get(1));
            try (io.reenact.generate.AvatarRenderer renderer = models.fineTuned(tuned.weights())) {
                RenderedAvatar fine = renderer.render(tuned.identity(), pose, sources);
                RenderedAvatar base = models.base().render(tuned.identity(), pose, sources);
                assertEquals(ModelConfig.warp128().imageSize(), fine.image().width());
                assertTrue(!java.util.Arrays.equals(base.image().pixels(), fine.image().pixels()),
                        "two steps of tuning change the warping renderer's picture");
            }
        }
    }

    @Test
    void theGeneratorRendersAWarpingAvatarFromItsRecordAbsoluteAndRelative() {
        long t0 = 1_700_000_000_000L;
        try (ReenactorModels models = new ReenactorModels(Reenactor.untrained(ModelConfig.warp128(), 3))) {
            io.reenact.common.StageClock.Manual clock = io.reenact.common.StageClock.manual(t0);
            io.reenact.generate.GenerateTopology topology = new io.reenact.generate.GenerateTopology(models,
                    StageOptions.defaults().withClock(clock).withDeadline(java.time.Duration.ofSeconds(5)), 4);
            try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(),
                    StageFixtures.driverProps("generate-warp-test"))) {
                TestInputTopic<String, byte[]> poses = driver.createInputTopic(Topics.POSE_EMBEDDINGS,
                        Serdes.String().serializer(), Serdes.ByteArray().serializer());
                TestInputTopic<String, byte[]> bindings = driver.createInputTopic(Topics.SESSION_BINDINGS,
                        Serdes.String().serializer(), Serdes.ByteArray().serializer());
                TestInputTopic<String, byte[]> avatars = driver.createInputTopic(Topics.AVATARS,
                        Serdes.String().serializer(), Serdes.ByteArray().serializer());
                TestOutputTopic<String, io.reenact.schema.ReenactedFrame> out = driver.createOutputTopic(
                        Topics.REENACTED_FRAMES, Serdes.String().deserializer(),
                        ReenactSerdes.forType(io.reenact.schema.ReenactedFrame.class).deserializer());
                List<RgbImage> frames = List.of(io.reenact.stages.TestFrames.head(128, 4, 0),
                        io.reenact.stages.TestFrames.head(128, 4, 9));
                Avatar avatar = Avatar.newBuilder(StageFixtures.avatar("wes", models.encodeIdentity(frames),
                        models.modelVersion())).setSources(AvatarSourceRecords.toRecords(models.prepareSources(frames))).build();
                avatars.pipeInput("wes", avro(avatar));
                bindings.pipeInput("abs", avro(new io.reenact.schema.SessionBinding("abs", "wes", t0, false)));
                bindings.pipeInput("rel", avro(new io.reenact.schema.SessionBinding("rel", "wes", t0, true)));
                for (String stream : List.of("abs", "rel")) {
                    for (int seq = 0; seq < 2; seq++) {
                        RgbImage driverFrame = io.reenact.stages.TestFrames.head(128, 8, seq * 7);
                        poses.pipeInput(stream, avro(StageFixtures.poseEmbedding(stream, seq, t0,
                                models.encodePose(driverFrame))));
                    }
                }
                List<io.reenact.schema.ReenactedFrame> frames2 = out.readValuesToList();
                assertEquals(4, frames2.size(), "every pose rendered");
                for (io.reenact.schema.ReenactedFrame f : frames2) {
                    assertEquals(128, f.getWidth());
                    assertEquals("wes", f.getAvatarId());
                }
                // relative driving's first frame is the avatar in its own first pose: the driver's change is zero
                float[] identity = models.encodeIdentity(frames);
                AvatarSources sources = models.prepareSources(frames);
                RgbImage own = models.base().render(identity, sources.poses().get(0), sources).image();
                RgbImage relFirst = ImageCodecs.decodeRgb(StageProcessor.bytes(frames2.get(2).getImage()), "JPEG");
                RgbImage absFirst = ImageCodecs.decodeRgb(StageProcessor.bytes(frames2.get(0).getImage()), "JPEG");
                assertTrue(meanAbsDiff(relFirst, own) < Math.min(4, meanAbsDiff(absFirst, own) / 2), "relative first frame (JPEG) vs the avatar's own pose: "
                        + meanAbsDiff(relFirst, own) + " (absolute: " + meanAbsDiff(absFirst, own) + ")");
            }
        }
    }

    private static double meanAbsDiff(RgbImage a, RgbImage b) {
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
        }
        return sum / pa.length;
    }
}
