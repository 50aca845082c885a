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
            assertEquals(Math.min(6, WarpSources.SERVING), avatar.getSources().size());
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
}
