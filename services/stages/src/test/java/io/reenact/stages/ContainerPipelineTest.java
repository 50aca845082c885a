package io.reenact.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.Topics;
import io.reenact.generate.GenerateTopology;
import io.reenact.pose.PoseTopology;
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
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline against a stock Apache Kafka broker in a container rather than the in-process one,
 * so broker defaults we do not set ourselves cannot hide behind the embedded setup. Skipped where
 * no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPipelineTest {

    /** Same Kafka release as the client libraries the BOM pins. */
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final int FRAMES = 6;

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

    @TempDir
    static Path stateDir;
    private static PipelineHarness pipeline;

    @BeforeAll
    static void start() {
        pipeline = new PipelineHarness(stateDir, StageOptions.defaults().withDeadline(Duration.ofMinutes(2)),
                KAFKA.getBootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void directlyStoredAvatarAnimatesAStreamInOrderThroughEveryStage() {
        ReenactorModels models = ShippedModels.models();
        float[] identity = models.encodeIdentity(List.of(TestFrames.head(128, 9, 0), TestFrames.head(128, 9, 3)));
        pipeline.putAvatar(StageFixtures.avatar("bea", identity, models.modelVersion()));
        pipeline.bind("cam-c", "bea");

        for (int seq = 0; seq < FRAMES; seq++) {
            pipeline.send(Topics.DRIVER_FRAMES, "cam-c", StageFixtures.avro(
                    StageFixtures.driverFrame("cam-c", seq, System.currentTimeMillis(), 7)));
        }
        PipelineHarness.await(Duration.ofSeconds(120), () -> pipeline.reenactedOf("cam-c").size() >= FRAMES,
                "reenacted frames from the containerised broker");
        List<ReenactedFrame> frames = pipeline.reenactedOf("cam-c");
        assertEquals(FRAMES, frames.size());
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(i, frames.get(i).getSequence(), "order");
            assertEquals("bea", frames.get(i).getAvatarId());
            assertEquals(List.of(SegmentTopology.STAGE, PoseTopology.STAGE, GenerateTopology.STAGE),
                    frames.get(i).getTimings().stream().map(StageTiming::getStage).toList());
        }
        assertTrue(pipeline.deadLettersWithKey("cam-c").isEmpty());
    }
}
