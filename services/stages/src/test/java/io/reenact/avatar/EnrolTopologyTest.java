package io.reenact.avatar;

import static io.reenact.stages.StageFixtures.avro;
import static io.reenact.stages.StageFixtures.enrolment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageClock;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FineTuneJob;
import io.reenact.stages.Digests;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.ShippedModels;
import io.reenact.stages.StageFixtures;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrolTopologyTest {

    private final ReenactorModels models = ShippedModels.models();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> in;
    private TestOutputTopic<String, Avatar> avatars;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, byte[]> weights;
    private TestOutputTopic<String, FineTuneJob> jobs;

    private final StageClock.Manual clock = StageClock.manual(1_700_000_000_000L);

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(new EnrolTopology(models, StageOptions.defaults().withClock(clock))
                .withIncompleteTimeout(Duration.ofMinutes(5)).build(),
                StageFixtures.driverProps("enrol-test"));
        in = driver.createInputTopic(Topics.ENROLMENT_FRAMES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        avatars = driver.createOutputTopic(Topics.AVATARS, Serdes.String().deserializer(),
                ReenactSerdes.forType(Avatar.class).deserializer());
        weights = driver.createOutputTopic(Topics.AVATAR_WEIGHTS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        jobs = driver.createOutputTopic(Topics.FINE_TUNE_JOBS, Serdes.String().deserializer(),
                ReenactSerdes.forType(FineTuneJob.class).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(),
                ReenactSerdes.forType(DeadLetter.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void anAvatarIsWrittenOnceAllFramesOfItsEnrolmentArrived() {
        List<EnrolmentFrame> alice = enrolment("alice", "e1", 4, 1, 0);
        List<EnrolmentFrame> bob = enrolment("bob", "e2", 3, 2, 0);
        for (int i = 0; i < 4; i++) {
            in.pipeInput("alice", avro(alice.get(i)));
            if (i < 3) {
                in.pipeInput("bob", avro(bob.get(i)));
            }
            if (i < 2) {
                assertTrue(avatars.isEmpty(), "no avatar before all frames arrived");
            }
        }
        List<KeyValue<String, Avatar>> written = avatars.readKeyValuesToList();
        assertEquals(List.of("bob", "alice"), written.stream().map(kv -> kv.key).toList());
        Avatar a = written.get(1).value;
        assertEquals(4, a.getFrameCount());
        assertEquals(models.modelVersion(), a.getModelVersion());
        assertNull(a.getWeights());
        float[] identity = Embeddings.toArray(a.getIdentity());
        assertEquals(models.identitySize(), identity.length);
        Embeddings.requireFinite("identity", identity);

        List<RgbImage> frames = new ArrayList<>();
        for (EnrolmentFrame f : alice) {
            frames.add(ImageCodecs.decodeRgb(StageProcessor.bytes(f.getImage()), "JPEG"));
        }
        assertArrayEquals(models.encodeIdentity(frames), identity, 1e-4f, "the identity of exactly these frames");
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void badFramesAreDeadLetteredAndTheEnrolmentCompletesWithGoodOnes() {
        List<EnrolmentFrame> frames = enrolment("carol", "e3", 3, 3, 0);
        EnrolmentFrame corrupt = EnrolmentFrame.newBuilder(frames.get(1))
                .setImage(ByteBuffer.wrap(StageFixtures.garbage(500, 1))).build();
        EnrolmentFrame outOfRange = EnrolmentFrame.newBuilder(frames.get(1)).setIndex(7).build();
        in.pipeInput("carol", avro(frames.get(0)));
        in.pipeInput("carol", avro(corrupt));
        in.pipeInput("carol", avro(outOfRange));
        in.pipeInput("carol", StageFixtures.garbage(40, 2));
        in.pipeInput("carol", avro(frames.get(2)));
        assertTrue(avatars.isEmpty());
        in.pipeInput("carol", avro(frames.get(1)));
        assertEquals("carol", avatars.readKeyValue().key);
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertEquals(List.of(DeadLetterReason.CORRUPT_IMAGE, DeadLetterReason.WRONG_DIMENSIONS,
                DeadLetterReason.UNDECODABLE_RECORD),
                letters.stream().map(l -> DeadLetterReason.of(l.getReason())).toList());
    }

    @Test
    void anEnrolmentMissingFramesIsGivenUpAfterTheTimeoutWithADeadLetter() {
        List<EnrolmentFrame> frames = enrolment("dave", "e4", 3, 4, 0);
        in.pipeInput("dave", avro(frames.get(0)));
        in.pipeInput("dave", avro(frames.get(1)));
        clock.advance(Duration.ofMinutes(4).toMillis());
        driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertTrue(deadLetters.isEmpty(), "not yet");
        clock.advance(Duration.ofMinutes(2).toMillis());
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        DeadLetter letter = deadLetters.readValue();
        assertTrue(letter.getReason().contains("'e4'") && letter.getReason().contains("2 of 3"), letter.getReason());
        // the late third frame starts a new enrolment rather than completing the expired one
        in.pipeInput("dave", avro(frames.get(2)));
        assertTrue(avatars.isEmpty());
    }

    @Test
    void fineTuningIsQueuedAsAJobAndTheAvatarIsUsableAtOnce() {
        List<EnrolmentFrame> frames = enrolment("erin", "e5", 3, 5, 2);
        for (EnrolmentFrame f : frames) {
            in.pipeInput("erin", avro(f));
        }
        Avatar erin = avatars.readValue();
        assertEquals(null, erin.getWeights(), "written untuned at once; the worker writes it again tuned");
        KeyValue<String, FineTuneJob> job = jobs.readKeyValue();
        assertEquals("erin", job.key);
        assertEquals(erin, job.value.getAvatar());
        assertEquals(2, job.value.getSteps());
        assertEquals(frames, job.value.getFrames(), "the job carries the enrolment's frames");
        assertTrue(weights.isEmpty(), "no weights from the stream thread");
        assertTrue(deadLetters.isEmpty());
    }
}
