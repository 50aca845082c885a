package io.reenact.common;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * The pipeline's topics. Every topic that carries a stream id as key shares one partition count, so
 * that the live topics and the session-bindings table stay co-partitioned for stream-table joins.
 */
public final class Topics {

    public static final String DRIVER_FRAMES = "driver-frames";
    public static final String SEGMENTED_FRAMES = "segmented-frames";
    public static final String POSE_EMBEDDINGS = "pose-embeddings";
    public static final String REENACTED_FRAMES = "reenacted-frames";
    public static final String AVATARS = "avatars";
    public static final String AVATAR_WEIGHTS = "avatar-weights";
    public static final String SESSION_BINDINGS = "session-bindings";
    public static final String ENROLMENT_FRAMES = "enrolment-frames";
    public static final String DEAD_LETTERS = "dead-letters";
    /** Per-person fine-tunings waiting for a worker: the queue is a topic, so it survives restarts and scales by partition. */
    public static final String FINE_TUNE_JOBS = "fine-tune-jobs";

    /** Largest fine-tuned weights blob one avatar-weights record may carry. */
    public static final int MAX_WEIGHTS_BYTES = 32 * 1024 * 1024;
    /** Largest frame record on the live topics (a 1080p JPEG or a 720p RGB24 frame fits). */
    public static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    public static final int DEFAULT_PARTITIONS = 4;

    /** Live video is worthless after a few minutes; keeping more only costs disk and recovery time. */
    static final long LIVE_RETENTION_MS = 5 * 60_000L;
    static final long ENROLMENT_RETENTION_MS = 60 * 60_000L;
    static final long DEAD_LETTER_RETENTION_MS = 7 * 24 * 3_600_000L;
    static final long FINE_TUNE_JOB_RETENTION_MS = 24 * 3_600_000L;
    // batch headroom above the largest value
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    private static final List<TopicSpec> SPECS = List.of(
        live(DRIVER_FRAMES),
        live(SEGMENTED_FRAMES),
        live(POSE_EMBEDDINGS),
        live(REENACTED_FRAMES),
        compacted(AVATARS, MAX_FRAME_BYTES),
        compacted(AVATAR_WEIGHTS, MAX_WEIGHTS_BYTES + RECORD_OVERHEAD_BYTES),
        compacted(SESSION_BINDINGS, 1024 * 1024),
        new TopicSpec(ENROLMENT_FRAMES, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", String.valueOf(ENROLMENT_RETENTION_MS),
            "max.message.bytes", String.valueOf(MAX_FRAME_BYTES + RECORD_OVERHEAD_BYTES))),
        // a job carries its enrolment's frames (at the model's size: a few MB at most)
        new TopicSpec(FINE_TUNE_JOBS, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", String.valueOf(FINE_TUNE_JOB_RETENTION_MS),
            "max.message.bytes", String.valueOf(MAX_WEIGHTS_BYTES + RECORD_OVERHEAD_BYTES))),
        // a dead letter carries the original record, so it must fit one more envelope
        new TopicSpec(DEAD_LETTERS, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", String.valueOf(DEAD_LETTER_RETENTION_MS),
            "max.message.bytes", String.valueOf(MAX_FRAME_BYTES + 2 * RECORD_OVERHEAD_BYTES))));

    private Topics() {
    }

    /** One topic's name and its topic-level configs. */
    public record TopicSpec(String name, Map<String, String> configs) {
        public boolean compacted() {
            return "compact".equals(configs.get("cleanup.policy"));
        }

        public NewTopic toNewTopic(int partitions, short replicationFactor) {
            return new NewTopic(name, partitions, replicationFactor).configs(configs);
        }
    }

    /**
     * The Avro record each topic's values are (avatar-weights carries raw weight blobs, no schema):
     * in registry mode the subject {@code <topic>-value} holds its schema.
     */
    public static final Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> VALUE_TYPES = valueTypes();

    private static Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> valueTypes() {
        Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> types = new java.util.LinkedHashMap<>();
        types.put(DRIVER_FRAMES, io.reenact.schema.DriverFrame.class);
        types.put(SEGMENTED_FRAMES, io.reenact.schema.SegmentedFrame.class);
        types.put(POSE_EMBEDDINGS, io.reenact.schema.PoseEmbedding.class);
        types.put(REENACTED_FRAMES, io.reenact.schema.ReenactedFrame.class);
        types.put(AVATARS, io.reenact.schema.Avatar.class);
        types.put(SESSION_BINDINGS, io.reenact.schema.SessionBinding.class);
        types.put(ENROLMENT_FRAMES, io.reenact.schema.EnrolmentFrame.class);
        types.put(DEAD_LETTERS, io.reenact.schema.DeadLetter.class);
        types.put(FINE_TUNE_JOBS, io.reenact.schema.FineTuneJob.class);
        return java.util.Collections.unmodifiableMap(types);
    }

    public static List<TopicSpec> specs() {
        return SPECS;
    }

    public static TopicSpec spec(String name) {
        return SPECS.stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a Reenact topic: " + name));
    }

    public static List<String> all() {
        return SPECS.stream().map(TopicSpec::name).toList();
    }

    /** Every topic with {@code partitions} partitions, replication factor 1 (one embedded broker). */
    public static List<NewTopic> newTopics(int partitions) {
        return newTopics(partitions, (short) 1);
    }

    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        return SPECS.stream().map(s -> s.toNewTopic(partitions, replicationFactor)).collect(Collectors.toList());
    }

    private static TopicSpec live(String name) {
        return new TopicSpec(name, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", String.valueOf(LIVE_RETENTION_MS),
            // retention only drops closed segments: roll often so old frames really go
            "segment.ms", String.valueOf(60_000L),
            "max.message.bytes", String.valueOf(MAX_FRAME_BYTES + RECORD_OVERHEAD_BYTES)));
    }

    private static TopicSpec compacted(String name, int maxMessageBytes) {
        return new TopicSpec(name, Map.of(
            "cleanup.policy", "compact",
            "max.message.bytes", String.valueOf(maxMessageBytes),
            // let the cleaner see updates within the hour rather than after a 1 GB segment fills
            "segment.ms", String.valueOf(3_600_000L),
            "min.cleanable.dirty.ratio", "0.1"));
    }
}
