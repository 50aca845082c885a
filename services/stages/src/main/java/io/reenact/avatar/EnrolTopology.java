package io.reenact.avatar;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.AvatarSources;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.FineTuneJob;
import io.reenact.schema.WeightsRef;
import io.reenact.stages.AvroDecoder;
import io.reenact.stages.Digests;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.Outcome;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * enrolment-frames → avatars (compacted): collects the frames of each enrolment (by enrolment id)
 * in a fault-tolerant store until all {@code count} have arrived, then encodes the identity (the
 * mean identity embedding over the frames) and writes the Avatar.
 *
 * <p>Fine-tuning, when asked for, is not done here: it takes minutes, and a stream thread that
 * blocks that long misses its poll deadline and has its enrolment replayed. The avatar is written
 * untuned at once (usable right away) and a {@link io.reenact.schema.FineTuneJob} with its frames
 * goes to fine-tune-jobs, which a {@link FineTuneWorker} works through on its own thread.
 *
 * <p>Each frame is validated when it arrives (Avro, image, dimensions, index within count) so a
 * bad frame becomes a dead letter on its own and the enrolment waits for a good one with the same
 * index. A frame sent twice (redelivery) replaces itself.
 */
public final class EnrolTopology {

    public static final String STAGE = "enrol";
    public static final String FRAMES_STORE = "enrol-frames";
    /** More frames than this in one enrolment is refused: the store holds them all until complete. */
    public static final int MAX_FRAMES = 64;
    /** An enrolment still missing frames this long after its first one is given up. */
    public static final Duration DEFAULT_INCOMPLETE_TIMEOUT = Duration.ofMinutes(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnrolTopology.class);
    /** Store keys of enrolment start records; frame keys begin with the enrolment id instead. */
    private static final String STARTED = "\u0001started\u0000";

    private final IdentityModel model;
    private final String inputTopic;
    private final String avatarsTopic;
    private final String jobsTopic;
    private final String deadLetterTopic;
    private final StageOptions options;
    private Duration incompleteTimeout = DEFAULT_INCOMPLETE_TIMEOUT;

    public EnrolTopology(IdentityModel model, StageOptions options) {
        this(model, Topics.ENROLMENT_FRAMES, Topics.AVATARS, Topics.FINE_TUNE_JOBS, Topics.DEAD_LETTERS, options);
    }

    /**
     * How long an enrolment may wait for its missing frames; after that its frames are deleted and
     * a dead letter says which enrolment was given up.
     */
    public EnrolTopology withIncompleteTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.incompleteTimeout = timeout;
        return this;
    }

    public EnrolTopology(IdentityModel model, String inputTopic, String avatarsTopic, String jobsTopic,
            String deadLetterTopic, StageOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputTopic = inputTopic;
        this.avatarsTopic = avatarsTopic;
        this.jobsTopic = jobsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.options = options;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    public void addTo(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FRAMES_STORE),
                Serdes.String(), Serdes.ByteArray()));
        KStream<String, Outcome<EnrolledAvatar>> outcomes = builder
                .stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(STAGE + "-source"))
                .process(() -> new EnrolProcessor(model, options, inputTopic, incompleteTimeout), Named.as(STAGE + "-process"), FRAMES_STORE);
        outcomes.split(Named.as(STAGE + "-"))
                .branch((k, o) -> o.ok(), Branched.withConsumer(ok -> {
                    ok.mapValues(o -> o.value().avatar(), Named.as(STAGE + "-avatar"))
                            .to(avatarsTopic, Produced.with(Serdes.String(),
                                    ReenactSerdes.forType(Avatar.class, options.serdeConfig())));
                    ok.filter((k, o) -> o.value().job() != null, Named.as(STAGE + "-fine-tune"))
                            .mapValues(o -> o.value().job(), Named.as(STAGE + "-job"))
                            .to(jobsTopic, Produced.with(Serdes.String(),
                                    ReenactSerdes.forType(FineTuneJob.class, options.serdeConfig())));
                }, "ok"))
                .defaultBranch(Branched.withConsumer(bad -> bad
                        .mapValues(Outcome::deadLetter, Named.as(STAGE + "-dead-letter"))
                        .to(deadLetterTopic, Produced.with(Serdes.String(),
                                ReenactSerdes.forType(DeadLetter.class, options.serdeConfig()))), "rejected"));
    }

    static final class EnrolProcessor extends StageProcessor<EnrolledAvatar> {

        private final IdentityModel model;
        private final String inputTopic;
        private final AvroDecoder<EnrolmentFrame> decoder;
        private KeyValueStore<String, byte[]> frames;
        private final Duration incompleteTimeout;
        private long lastModelMicros;

        EnrolProcessor(IdentityModel model, StageOptions options, String inputTopic, Duration incompleteTimeout) {
            super(STAGE, options);
            this.model = model;
            this.inputTopic = inputTopic;
            this.incompleteTimeout = incompleteTimeout;
            this.decoder = new AvroDecoder<>(EnrolmentFrame.class, options.serdeConfig());
        }

        @Override
        public void init(ProcessorContext<String, Outcome<EnrolledAvatar>> context) {
            super.init(context);
            frames = context.getStateStore(FRAMES_STORE);
            Duration every = incompleteTimeout.dividedBy(2).compareTo(Duration.ofMinutes(1)) < 0
                    ? incompleteTimeout.dividedBy(2) : Duration.ofMinutes(1);
            context.schedule(every.isZero() ? Duration.ofMillis(1) : every, PunctuationType.WALL_CLOCK_TIME,
                    now -> expireIncomplete());
        }

        /** Gives up enrolments that waited too long for their missing frames. */
        private void expireIncomplete() {
            long now = options.clock().nowMs();
            List<KeyValue<String, byte[]>> expired = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = frames.prefixScan(STARTED, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (now - Started.parse(kv.value).startedMs() > incompleteTimeout.toMillis()) {
                        expired.add(kv);
                    }
                }
            }
            for (KeyValue<String, byte[]> kv : expired) {
                String enrolmentId = kv.key.substring(STARTED.length());
                Started started = Started.parse(kv.value);
                int had = deleteFrames(enrolmentId + '\u0000');
                frames.delete(kv.key);
                String reason = DeadLetterReason.PROCESSING_FAILED.with("enrolment '" + enrolmentId + "' of avatar '"
                        + started.avatarId() + "' incomplete: " + had + " of " + started.count() + " frames after "
                        + incompleteTimeout);
                options.metrics().deadLettered(stage, reason);
                context().forward(new Record<>(started.avatarId(), Outcome.rejected(DeadLetters.of(stage,
                        inputTopic, -1, -1L, started.avatarId().getBytes(StandardCharsets.UTF_8), null, reason,
                        null)), now));
            }
        }

        private int deleteFrames(String prefix) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = frames.prefixScan(prefix, new StringSerializer())) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(frames::delete);
            return keys.size();
        }

        @Override
        protected Outcome<EnrolledAvatar> handle(Record<String, byte[]> record, long receivedMs) {
            EnrolmentFrame frame = decoder.decode(sourceTopic(), record.value());
            validate(frame);
            String prefix = frame.getEnrolmentId() + '\u0000';
            String startedKey = STARTED + frame.getEnrolmentId();
            if (frames.get(startedKey) == null) {
                frames.put(startedKey, new Started(receivedMs, frame.getCount(), frame.getAvatarId()).bytes());
            }
            frames.put(prefix + String.format("%06d", frame.getIndex()), record.value());

            List<EnrolmentFrame> collected = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = frames.prefixScan(prefix, new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    keys.add(kv.key);
                    collected.add(decoder.decode(sourceTopic(), kv.value));
                }
            }
            if (collected.size() < frame.getCount()) {
                return null; // still collecting
            }
            keys.forEach(frames::delete);
            frames.delete(startedKey);
            return Outcome.ok(frame.getAvatarId(), enrol(frame, collected), lastModelMicros, 0);
        }

        private void validate(EnrolmentFrame frame) {
            if (frame.getCount() < 1 || frame.getCount() > MAX_FRAMES) {
                throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS,
                        "enrolment count " + frame.getCount() + " is outside 1.." + MAX_FRAMES);
            }
            if (frame.getIndex() < 0 || frame.getIndex() >= frame.getCount()) {
                throw new BadRecordException(DeadLetterReason.WRONG_DIMENSIONS,
                        "enrolment frame index " + frame.getIndex() + " is outside 0.." + (frame.getCount() - 1));
            }
            image(frame);
        }

        private RgbImage image(EnrolmentFrame frame) {
            return EnrolmentFrames.image(frame, options.limits());
        }

        private EnrolledAvatar enrol(EnrolmentFrame last, List<EnrolmentFrame> collected) {
            List<RgbImage> images = new ArrayList<>(collected.size());
            for (EnrolmentFrame f : collected) {
                images.add(image(f));
            }
            long start = System.nanoTime();
            float[] identity = model.encodeIdentity(images);
            AvatarSources sources = model.prepareSources(images);
            lastModelMicros = micros(start);
            Embeddings.requireFinite("identity of avatar '" + last.getAvatarId() + "'", identity);
            Avatar avatar = Avatar.newBuilder()
                    .setAvatarId(last.getAvatarId())
                    .setDisplayName(last.getDisplayName())
                    .setIdentity(Embeddings.toList(identity))
                    .setModelVersion(model.modelVersion())
                    .setFrameCount(images.size())
                    .setWeights(null)
                    .setCreatedAtMs(options.clock().nowMs())
                    .setSources(AvatarSourceRecords.toRecords(sources))
                    .build();
            FineTuneJob job = null;
            if (last.getFineTuneSteps() > 0 && model.fineTuner().isEmpty()) {
                LOG.warn("avatar '{}' asked for {} fine-tuning steps, which {} does not support: enrolled without",
                        last.getAvatarId(), last.getFineTuneSteps(), model.modelVersion());
            } else if (last.getFineTuneSteps() > 0 && frameBytes(collected) > Topics.MAX_WEIGHTS_BYTES) {
                // a job must fit one record of fine-tune-jobs; the service sends model-size frames, far below
                LOG.warn("avatar '{}': its {} enrolment frames are too large to queue for fine-tuning: enrolled without",
                        last.getAvatarId(), collected.size());
            } else if (last.getFineTuneSteps() > 0) {
                job = FineTuneJob.newBuilder().setAvatar(avatar).setFrames(collected)
                        .setSteps(last.getFineTuneSteps()).setRequestedAtMs(options.clock().nowMs()).build();
            }
            return new EnrolledAvatar(avatar, job);
        }
    }

    private static long frameBytes(List<EnrolmentFrame> frames) {
        return frames.stream().mapToLong(f -> f.getImage().remaining()).sum();
    }

    /** When an enrolment's first frame arrived, how many it expects, for whom. */
    private record Started(long startedMs, int count, String avatarId) {
        byte[] bytes() {
            return (startedMs + " " + count + " " + avatarId).getBytes(StandardCharsets.UTF_8);
        }

        static Started parse(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(" ", 3);
            return new Started(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        }
    }
}
