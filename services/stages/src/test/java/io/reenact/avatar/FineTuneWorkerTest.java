package io.reenact.avatar;

import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.kafka.EmbeddedKafka;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.FineTuneJob;
import io.reenact.stages.Digests;
import io.reenact.stages.FrameLimits;
import io.reenact.stages.ReenactorModels;
import io.reenact.stages.ShippedModels;
import io.reenact.stages.StageFixtures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queued fine-tuning on a real broker: the weights, then the tuned avatar; a bad job becomes a dead letter. */
class FineTuneWorkerTest {

    @Test
    void aQueuedJobWritesWeightsThenTheTunedAvatarAndABadJobIsDeadLettered() throws Exception {
        ReenactorModels models = ShippedModels.models();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().tempDir().start()) {
            kafka.createTopics(Topics.newTopics(1));
            String bootstrap = kafka.bootstrapServers();
            Avatar untuned = StageFixtures.avatar("erin", new float[models.identitySize()], models.modelVersion());
            FineTuneJob job = FineTuneJob.newBuilder().setAvatar(untuned)
                    .setFrames(StageFixtures.enrolment("erin", "e1", 2, 5, 2)).setSteps(2).setRequestedAtMs(1L).build();
            // an avatar enrolled anew while its old job waited: that job's result is not written
            FineTuneJob stale = FineTuneJob.newBuilder(job).setAvatar(Avatar.newBuilder(untuned).setAvatarId("olga").build()).build();
            try (FineTuneWorker worker = new FineTuneWorker(bootstrap, "fine-tune-test", Map.of(),
                    models.fineTuner().orElseThrow(), FrameLimits.DEFAULT, avatar -> !avatar.getAvatarId().equals("olga")).start();
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientSettings.producer(bootstrap))) {
                producer.send(new ProducerRecord<>(Topics.FINE_TUNE_JOBS, "mallory", "not a job".getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(Topics.FINE_TUNE_JOBS, "olga", ReenactSerdes.forType(FineTuneJob.class)
                        .serializer().serialize(Topics.FINE_TUNE_JOBS, stale))).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(Topics.FINE_TUNE_JOBS, "erin", ReenactSerdes.forType(FineTuneJob.class)
                        .serializer().serialize(Topics.FINE_TUNE_JOBS, job))).get(30, TimeUnit.SECONDS);

                List<ConsumerRecord<String, byte[]>> weights = read(bootstrap, Topics.AVATAR_WEIGHTS, 1);
                List<ConsumerRecord<String, byte[]>> avatars = read(bootstrap, Topics.AVATARS, 1);
                List<ConsumerRecord<String, byte[]>> letters = read(bootstrap, Topics.DEAD_LETTERS, 1);

                assertEquals(1, weights.size(), "the tuned weights");
                assertEquals(Digests.sha256(weights.get(0).value()), weights.get(0).key(), "keyed by their digest");
                Avatar tuned = ReenactSerdes.forType(Avatar.class).deserializer().deserialize(Topics.AVATARS, avatars.get(0).value());
                assertNotNull(tuned.getWeights(), "the avatar now names its weights");
                assertEquals(weights.get(0).key(), tuned.getWeights().getSha256());
                assertEquals(untuned.getCreatedAtMs(), tuned.getCreatedAtMs(), "the same avatar, tuned");
                assertTrue(!tuned.getIdentity().equals(untuned.getIdentity()), "the identity was tuned too");
                DeadLetter letter = ReenactSerdes.forType(DeadLetter.class).deserializer().deserialize(Topics.DEAD_LETTERS,
                        letters.get(0).value());
                assertEquals(FineTuneWorker.STAGE, letter.getStage());
                assertEquals(1, worker.done());
                assertEquals(1, worker.failed());
                assertEquals(1, worker.dropped(), "olga's stale job");
                assertEquals(1, read(bootstrap, Topics.AVATARS, 2, Duration.ofSeconds(3)).size(), "nothing written for olga");
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int wanted) {
        return read(bootstrap, topic, wanted, Duration.ofSeconds(180));
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int wanted, Duration wait) {
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientSettings.consumer(bootstrap, "reader-" + System.nanoTime()))) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + wait.toNanos();
            while (got.size() < wanted && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
