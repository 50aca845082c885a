package io.reenact.avatar;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.stages.Digests;
import io.reenact.stages.Embeddings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageFailures;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FineTuneJob;
import io.reenact.schema.WeightsRef;
import io.reenact.stages.FrameLimits;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Works through fine-tune-jobs, one job at a time on its own thread, never on a stream thread: tunes
 * the person's generator on the job's frames, writes the weights to avatar-weights (keyed by their
 * SHA-256, named {@code kafka:avatar-weights/<sha256>} so every generator instance can fetch them),
 * then the avatar again with the tuned identity and that reference. The job's offset is committed
 * only after both writes, so a worker that dies mid-job leaves it to the next one (at least once); a
 * write that fails is retried, the job read again. A job that cannot be done (undecodable, the
 * tuning fails) becomes a dead letter. An avatar deleted or enrolled anew while its job waited is
 * left alone: the tuned result of the old enrolment is dropped. More workers in the same group share
 * the partitions.
 */
public final class FineTuneWorker implements AutoCloseable {

    public static final String GROUP = "reenact-fine-tune";
    public static final String STAGE = "fine-tune";
    /** Longer than the longest allowed fine-tuning on a slow CPU, or the group would take the job away mid-way. */
    static final Duration MAX_JOB_TIME = Duration.ofMinutes(60);
    private static final Logger LOG = LoggerFactory.getLogger(FineTuneWorker.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * Whether the avatar a job tuned is still the one enrolled (same id, same enrolment time), read
     * from the service's own view of the avatars topic; a view that lags is waited for briefly.
     */
    @FunctionalInterface
    public interface Enrolled {
        boolean stillCurrent(Avatar enrolled);

        Enrolled ALWAYS = avatar -> true;
    }

    /** A write to the cluster failed: the job is not done and is tried again. */
    private static final class WriteFailed extends RuntimeException {
        WriteFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AvatarFineTuner tuner;
    private final FrameLimits limits;
    private final Deserializer<FineTuneJob> jobs;
    private final Serializer<Avatar> avatars;
    private final Serializer<DeadLetter> deadLetters;
    private final Enrolled enrolled;
    private final Thread thread;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public FineTuneWorker(String bootstrapServers, String groupId, Map<String, ?> serdeConfig, AvatarFineTuner tuner,
                          FrameLimits limits, Enrolled enrolled) {
        Properties c = ClientSettings.consumer(bootstrapServers, groupId);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_JOB_TIME.toMillis());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(c);
        this.producer = new KafkaProducer<>(ClientSettings.producer(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
        this.tuner = tuner;
        this.limits = limits;
        this.jobs = ReenactSerdes.forType(FineTuneJob.class, serdeConfig).deserializer();
        this.avatars = ReenactSerdes.forType(Avatar.class, serdeConfig).serializer();
        this.deadLetters = ReenactSerdes.forType(DeadLetter.class, serdeConfig).serializer();
        this.enrolled = enrolled;
        this.thread = new Thread(this::run, "fine-tune-worker");
        this.thread.setDaemon(true);
    }

    public FineTuneWorker start() {
        thread.start();
        return this;
    }

    /** Jobs finished (weights and avatar written) and jobs given up (dead-lettered). */
    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Tuned for an avatar that was deleted or enrolled anew meanwhile: not written. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.FINE_TUNE_JOBS));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        handle(record);
                        consumer.commitSync();
                    } catch (CommitFailedException e) {
                        // the group moved the partition on (a job longer than MAX_JOB_TIME): it will be done again
                        LOG.warn("fine-tune job {}@{}: done, but its offset could not be committed: {}", record.key(),
                                record.offset(), e.getMessage());
                    } catch (WriteFailed e) {
                        LOG.warn("fine-tune job {}@{}: {}; trying again in {} s", record.key(), record.offset(),
                                e.getMessage(), RETRY_AFTER.toSeconds());
                        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                        Thread.sleep(RETRY_AFTER.toMillis());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the fine-tune worker stopped: {}", e.toString(), e);
            StageFailures.recordThreadFailure(e);
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        FineTuneJob job;
        try {
            job = jobs.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, DeadLetterReason.UNDECODABLE_RECORD.with(e.getMessage()), e);
            return;
        }
        String avatarId = job.getAvatar().getAvatarId();
        try {
            long start = System.nanoTime();
            List<RgbImage> images = new ArrayList<>(job.getFrames().size());
            for (EnrolmentFrame f : job.getFrames()) {
                images.add(EnrolmentFrames.image(f, limits));
            }
            AvatarFineTuner.Result tuned = tuner.fineTune(images, job.getSteps());
            Embeddings.requireFinite("tuned identity of avatar '" + avatarId + "'", tuned.identity());
            if (!enrolled.stillCurrent(job.getAvatar())) {
                dropped.incrementAndGet();
                LOG.info("avatar '{}' was deleted or enrolled anew while it was tuned: its tuned weights are dropped", avatarId);
                return;
            }
            String sha = Digests.sha256(tuned.weights());
            // weights first: a generator that sees the tuned avatar must find its weights
            send(Topics.AVATAR_WEIGHTS, sha, tuned.weights());
            Avatar avatar = Avatar.newBuilder(job.getAvatar())
                    .setIdentity(Embeddings.toList(tuned.identity()))
                    .setWeights(new WeightsRef(weightsUri(Topics.AVATAR_WEIGHTS, sha), sha, (long) tuned.weights().length))
                    .build();
            send(Topics.AVATARS, avatarId, avatars.serialize(Topics.AVATARS, avatar));
            done.incrementAndGet();
            LOG.info("avatar '{}' fine-tuned: {} steps on {} frames in {} s", avatarId, job.getSteps(), images.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        } catch (WriteFailed e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetter(record, DeadLetterReason.PROCESSING_FAILED.with("fine-tuning avatar '" + avatarId + "': " + e.getMessage()), e);
        }
    }

    /** The URI an avatar stores for weights with this digest. */
    public static String weightsUri(String weightsTopic, String sha256) {
        return "kafka:" + weightsTopic + "/" + sha256;
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteFailed("interrupted writing to " + topic, e);
        } catch (Exception e) {
            // not written: leave the offset uncommitted and let the job be tried again
            throw new WriteFailed("could not write to " + topic + ": " + e, e);
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable error) {
        failed.incrementAndGet();
        LOG.warn("fine-tune job {}@{}: {}", record.key(), record.offset(), reason);
        DeadLetter letter = DeadLetters.of(STAGE, record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason, error);
        send(Topics.DEAD_LETTERS, record.key(), deadLetters.serialize(Topics.DEAD_LETTERS, letter));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
