package io.reenact.avatar;

import io.reenact.common.ClientSettings;
import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.stages.Digests;
import io.reenact.stages.Embeddings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FineTuneJob;
import io.reenact.schema.WeightsRef;
import io.reenact.stages.FrameLimits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * only after both writes, so a worker that dies mid-job leaves it to the next one (at least once).
 * More workers in the same group share the partitions.
 */
public final class FineTuneWorker implements AutoCloseable {

    public static final String GROUP = "reenact-fine-tune";
    public static final String STAGE = "fine-tune";
    /** Longer than the longest allowed fine-tuning on a slow CPU, or the group would take the job away mid-way. */
    static final Duration MAX_JOB_TIME = Duration.ofMinutes(60);
    private static final Logger LOG = LoggerFactory.getLogger(FineTuneWorker.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AvatarFineTuner tuner;
    private final FrameLimits limits;
    private final Map<String, ?> serdeConfig;
    private final Thread thread;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    public FineTuneWorker(String bootstrapServers, String groupId, Map<String, ?> serdeConfig, AvatarFineTuner tuner,
                          FrameLimits limits) {
        Properties c = ClientSettings.consumer(bootstrapServers, groupId);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_JOB_TIME.toMillis());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(c);
        this.producer = new KafkaProducer<>(ClientSettings.producer(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
        this.tuner = tuner;
        this.limits = limits;
        this.serdeConfig = serdeConfig;
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

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.FINE_TUNE_JOBS));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                    consumer.commitSync();
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("the fine-tune worker stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        FineTuneJob job;
        try {
            job = ReenactSerdes.forType(FineTuneJob.class, serdeConfig).deserializer().deserialize(record.topic(), record.value());
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
            String sha = Digests.sha256(tuned.weights());
            // weights first: a generator that sees the tuned avatar must find its weights
            send(Topics.AVATAR_WEIGHTS, sha, tuned.weights());
            Avatar avatar = Avatar.newBuilder(job.getAvatar())
                    .setIdentity(Embeddings.toList(tuned.identity()))
                    .setWeights(new WeightsRef(weightsUri(Topics.AVATAR_WEIGHTS, sha), sha, (long) tuned.weights().length))
                    .build();
            Serializer<Avatar> avatars = ReenactSerdes.forType(Avatar.class, serdeConfig).serializer();
            send(Topics.AVATARS, avatarId, avatars.serialize(Topics.AVATARS, avatar));
            done.incrementAndGet();
            LOG.info("avatar '{}' fine-tuned: {} steps on {} frames in {} s", avatarId, job.getSteps(), images.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
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
        } catch (Exception e) {
            // not written: leave the offset uncommitted and let the job be tried again
            throw new IllegalStateException("could not write to " + topic + ": " + e, e);
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable error) {
        failed.incrementAndGet();
        LOG.warn("fine-tune job {}@{}: {}", record.key(), record.offset(), reason);
        DeadLetter letter = DeadLetters.of(STAGE, record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason, error);
        send(Topics.DEAD_LETTERS, record.key(), ReenactSerdes.forType(DeadLetter.class, serdeConfig).serializer()
                .serialize(Topics.DEAD_LETTERS, letter));
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
