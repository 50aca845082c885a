package io.reenact.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.avatar.EnrolTopology;
import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.generate.GenerateTopology;
import io.reenact.pose.PoseTopology;
import io.reenact.schema.Avatar;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.StageTiming;
import io.reenact.segment.SegmentTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * segment → pose → generate (+ enrol) on a real broker with the real network: every frame in comes
 * out reenacted, in order per stream, with one timing per stage.
 */
class PipelineIntegrationTest {

    private static final int FRAMES_PER_STREAM = 10;

    @TempDir
    static Path stateDir;
    private static PipelineHarness pipeline;

    @BeforeAll
    static void start() {
        pipeline = new PipelineHarness(stateDir, StageOptions.defaults().withDeadline(Duration.ofMinutes(2)));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            System.out.println("per-stage processing on this machine:\n" + pipeline.metrics.summary());
            pipeline.close();
        }
    }

    @Test
    void enrolledAvatarAnimatesTwoInterleavedStreamsFrameForFrameInOrder() {
        // fine-tuned (2 steps): the weights travel through the avatar-weights topic to the generator
        for (EnrolmentFrame f : StageFixtures.enrolment("ada", "enrol-ada", 4, 11, 2)) {
            pipeline.send(Topics.ENROLMENT_FRAMES, "ada", StageFixtures.avro(f));
        }
        // written untuned first, then again by the fine-tune worker
        PipelineHarness.await(Duration.ofSeconds(120), () -> pipeline.avatars.stream()
                .anyMatch(a -> a.getAvatarId().equals("ada") && a.getWeights() != null), "fine-tuned avatar");
        Avatar ada = pipeline.avatars.stream().filter(a -> a.getAvatarId().equals("ada") && a.getWeights() != null)
                .findFirst().orElseThrow();
        assertEquals(4, ada.getFrameCount());
        assertTrue(ada.getWeights() != null, "fine-tuned");
        pipeline.awaitAvatarInGenerator("ada");
        pipeline.bind("cam-1", "ada");
        pipeline.bind("cam-2", "ada");

        for (int seq = 0; seq < FRAMES_PER_STREAM; seq++) {
            for (String stream : List.of("cam-1", "cam-2")) {
                pipeline.send(Topics.DRIVER_FRAMES, stream, StageFixtures.avro(
                        StageFixtures.driverFrame(stream, seq, System.currentTimeMillis(), stream.hashCode())));
            }
        }
        PipelineHarness.await(Duration.ofSeconds(120),
                () -> pipeline.reenactedOf("cam-1").size() + pipeline.reenactedOf("cam-2").size() >= 2 * FRAMES_PER_STREAM,
                "all reenacted frames");
        for (String stream : List.of("cam-1", "cam-2")) {
            List<ReenactedFrame> frames = pipeline.reenactedOf(stream);
            assertEquals(FRAMES_PER_STREAM, frames.size(), stream);
            for (int i = 0; i < frames.size(); i++) {
                ReenactedFrame f = frames.get(i);
                assertEquals(i, f.getSequence(), "order of " + stream);
                assertEquals("ada", f.getAvatarId());
                List<String> stages = f.getTimings().stream().map(StageTiming::getStage).toList();
                assertEquals(List.of(SegmentTopology.STAGE, PoseTopology.STAGE, GenerateTopology.STAGE), stages);
                assertTrue(Timings.endToEndMs(f.getCaptureTimeMs(), f.getTimings()) >= 0);
            }
        }
        assertTrue(pipeline.deadLettersWithKey("cam-1").isEmpty());
        assertTrue(pipeline.deadLettersWithKey("cam-2").isEmpty());
        assertEquals(1, pipeline.metrics.stage(EnrolTopology.STAGE).emitted.sum());
        assertEquals(1, pipeline.generateTopology.fineTunedRenderers().loads(), "ada's weights, loaded once");
    }
}
