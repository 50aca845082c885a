package io.reenact.generate;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.StageTimer;
import io.reenact.common.Timings;
import io.reenact.common.Topics;
import io.reenact.avatar.AvatarSourceRecords;
import io.reenact.model.AvatarSources;
import io.reenact.model.RelativePose;
import io.reenact.schema.Avatar;
import io.reenact.schema.FrameEncoding;
import io.reenact.schema.PoseEmbedding;
import io.reenact.schema.ReenactedFrame;
import io.reenact.schema.SessionBinding;
import io.reenact.schema.WeightsRef;
import io.reenact.stages.AvroDecoder;
import io.reenact.stages.Digests;
import io.reenact.stages.BadRecordException;
import io.reenact.stages.Embeddings;
import io.reenact.stages.ImageCodecs;
import io.reenact.stages.Outcome;
import io.reenact.stages.OutcomeRouter;
import io.reenact.stages.StageOptions;
import io.reenact.stages.StageProcessor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pose-embeddings ⋈ session-bindings (KTable: stream id → avatar id) ⋈ avatars (GlobalKTable:
 * avatar id → Avatar) → reenacted-frames: the bound avatar rendered in each driver frame's pose.
 *
 * <p>The tables are materialised from the topics' raw bytes and decoded at lookup, inside the
 * processor, for the same reason the stream is (see {@link StageProcessor}): a frame whose binding
 * or avatar is missing, undecodable or carries a NaN identity becomes a dead letter with the
 * frame's own topic, offset and bytes, and the stream goes on. The bindings table is a KTable,
 * co-partitioned with pose-embeddings (both keyed by stream id); avatars and their fine-tuned
 * weights are global tables because any stream may pick any avatar.
 *
 * <p>Fine-tuned avatars name their weights as {@code kafka:avatar-weights/<sha256>}; the weights
 * are read from the compacted avatar-weights global table, checked against the digest, loaded once
 * and kept in a bounded LRU ({@link FineTunedRenderers}). Until the weights have arrived (the two
 * global tables are separate topics, so an avatar can be seen before its weights), the avatar is
 * rendered with the shipped generator rather than losing live frames.
 */
public final class GenerateTopology {

    public static final String STAGE = "generate";
    public static final String BINDINGS_STORE = "generate-session-bindings";
    public static final String AVATARS_STORE = "generate-avatars";
    public static final String WEIGHTS_STORE = "generate-avatar-weights";

    private final RenderModel model;
    private final String inputTopic;
    private final String bindingsTopic;
    private final String avatarsTopic;
    private final String weightsTopic;
    private final String outputTopic;
    private final String deadLetterTopic;
    private final StageOptions options;
    private final FineTunedRenderers fineTuned;
    private final DecodedAvatars decodedAvatars = new DecodedAvatars();

    public GenerateTopology(RenderModel model, StageOptions options, int fineTunedCacheSize) {
        this(model, Topics.POSE_EMBEDDINGS, Topics.SESSION_BINDINGS, Topics.AVATARS, Topics.AVATAR_WEIGHTS,
                Topics.REENACTED_FRAMES, Topics.DEAD_LETTERS, options, fineTunedCacheSize);
    }

    public GenerateTopology(RenderModel model, String inputTopic, String bindingsTopic, String avatarsTopic,
            String weightsTopic, String outputTopic, String deadLetterTopic, StageOptions options,
            int fineTunedCacheSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputTopic = inputTopic;
        this.bindingsTopic = bindingsTopic;
        this.avatarsTopic = avatarsTopic;
        this.weightsTopic = weightsTopic;
        this.outputTopic = outputTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.options = options;
        this.fineTuned = new FineTunedRenderers(fineTunedCacheSize);
    }

    /** The loaded fine-tuned generators (for metrics and tests). */
    public FineTunedRenderers fineTunedRenderers() {
        return fineTuned;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    public void addTo(StreamsBuilder builder) {
        builder.table(bindingsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(STAGE + "-bindings-source"),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(BINDINGS_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        builder.globalTable(avatarsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(AVATARS_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        // fine-tuned weights are up to 32 MiB an avatar: on disk (RocksDB), not in the heap; a
        // generator loads those its streams use into the bounded FineTunedRenderers cache
        builder.globalTable(weightsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[]>as(Stores.persistentKeyValueStore(WEIGHTS_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        KStream<String, Outcome<ReenactedFrame>> outcomes = builder
                .stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(STAGE + "-source"))
                .process(() -> new GenerateProcessor(this), Named.as(STAGE + "-process"), BINDINGS_STORE);
        OutcomeRouter.route(STAGE, outcomes, outputTopic,
                ReenactSerdes.forType(ReenactedFrame.class, options.serdeConfig()), deadLetterTopic,
                options.serdeConfig());
    }

    static final class GenerateProcessor extends StageProcessor<ReenactedFrame> {

        private static final Logger LOG = LoggerFactory.getLogger(GenerateProcessor.class);

        private final GenerateTopology topology;
        private final RenderModel model;
        private final AvroDecoder<PoseEmbedding> poseDecoder;
        private final AvroDecoder<SessionBinding> bindingDecoder;
        private final AvroDecoder<Avatar> avatarDecoder;
        private final Map<String, Boolean> warnedMissingWeights = new ConcurrentHashMap<>();
        private final RelativeReferences references = new RelativeReferences();
        private KeyValueStore<String, ValueAndTimestamp<byte[]>> bindingsStore;
        private KeyValueStore<String, ValueAndTimestamp<byte[]>> avatarsStore;
        private KeyValueStore<String, ValueAndTimestamp<byte[]>> weightsStore;

        GenerateProcessor(GenerateTopology topology) {
            super(STAGE, topology.options);
            this.topology = topology;
            this.model = topology.model;
            this.poseDecoder = new AvroDecoder<>(PoseEmbedding.class, options.serdeConfig());
            this.bindingDecoder = new AvroDecoder<>(SessionBinding.class, options.serdeConfig());
            this.avatarDecoder = new AvroDecoder<>(Avatar.class, options.serdeConfig());
        }

        @Override
        public void init(ProcessorContext<String, Outcome<ReenactedFrame>> context) {
            super.init(context);
            bindingsStore = context.getStateStore(BINDINGS_STORE);
            avatarsStore = context.getStateStore(AVATARS_STORE);
            weightsStore = context.getStateStore(WEIGHTS_STORE);
        }

        @Override
        protected Outcome<ReenactedFrame> handle(Record<String, byte[]> record, long receivedMs) {
            StageTimer timer = Timings.start(STAGE, options.clock());
            PoseEmbedding pose = poseDecoder.decode(sourceTopic(), record.value());
            if (late(pose.getCaptureTimeMs(), receivedMs)) {
                return null;
            }
            float[] poseVector = Embeddings.toArray(pose.getVector());
            Embeddings.requireFinite("pose descriptor of " + pose.getStreamId() + "#" + pose.getSequence(), poseVector);
            Embeddings.requireLength("pose descriptor", poseVector, model.poseSize());

            SessionBinding binding = binding(pose.getStreamId());
            String avatarId = binding.getAvatarId();
            DecodedAvatars.DecodedAvatar avatar = avatar(avatarId);
            AvatarRenderer renderer = renderer(avatar.avatar());
            if (binding.getRelative() && !avatar.sources().isEmpty()) {
                poseVector = RelativePose.apply(avatar.sources().poses().get(0), poseVector,
                        references.first(binding, poseVector));
            }

            long modelStart = System.nanoTime();
            RenderedAvatar rendered = renderer.render(avatar.identity(), poseVector, avatar.sources());
            long modelMicros = micros(modelStart);

            ReenactedFrame frame = ReenactedFrame.newBuilder()
                    .setStreamId(pose.getStreamId())
                    .setSequence(pose.getSequence())
                    .setCaptureTimeMs(pose.getCaptureTimeMs())
                    .setAvatarId(avatarId)
                    .setWidth(rendered.image().width())
                    .setHeight(rendered.image().height())
                    .setEncoding(FrameEncoding.JPEG)
                    .setImage(ByteBuffer.wrap(ImageCodecs.encodeJpeg(rendered.image(), options.jpegQuality())))
                    .setMask(ByteBuffer.wrap(ImageCodecs.encodeMaskPng(rendered.mask())))
                    .setDriver(pose.getDriver())
                    .setModelVersion(model.modelVersion())
                    .setTimings(Timings.append(pose.getTimings(), timer.done(modelMicros)))
                    .build();
            return Outcome.ok(pose.getStreamId(), frame, modelMicros, pose.getCaptureTimeMs());
        }

        private SessionBinding binding(String streamId) {
            ValueAndTimestamp<byte[]> binding = streamId == null ? null : bindingsStore.get(streamId);
            if (binding == null || binding.value() == null) {
                throw new BadRecordException(DeadLetterReason.UNKNOWN_BINDING,
                        "stream '" + streamId + "' is not bound to an avatar");
            }
            SessionBinding decoded;
            try {
                decoded = bindingDecoder.decode(bindingsTopicName(), binding.value());
            } catch (BadRecordException e) {
                throw new BadRecordException(DeadLetterReason.UNKNOWN_BINDING,
                        "the binding of stream '" + streamId + "' cannot be read: " + e.getMessage(), e);
            }
            return decoded;
        }

        private String bindingsTopicName() {
            return topology.bindingsTopic;
        }

        private DecodedAvatars.DecodedAvatar avatar(String avatarId) {
            ValueAndTimestamp<byte[]> stored = avatarsStore.get(avatarId);
            if (stored == null || stored.value() == null) {
                topology.decodedAvatars.remove(avatarId);
                throw new BadRecordException(DeadLetterReason.UNKNOWN_AVATAR, "avatar '" + avatarId + "' does not exist");
            }
            return topology.decodedAvatars.get(avatarId, stored.value(), raw -> decode(avatarId, raw));
        }

        private DecodedAvatars.DecodedAvatar decode(String avatarId, byte[] raw) {
            Avatar avatar;
            try {
                avatar = avatarDecoder.decode(topology.avatarsTopic, raw);
            } catch (BadRecordException e) {
                throw new BadRecordException(DeadLetterReason.UNKNOWN_AVATAR,
                        "avatar '" + avatarId + "' cannot be read: " + e.getMessage(), e);
            }
            float[] identity = Embeddings.toArray(avatar.getIdentity());
            Embeddings.requireFinite("identity of avatar '" + avatarId + "'", identity);
            Embeddings.requireLength("identity of avatar '" + avatarId + "'", identity, model.identitySize());
            AvatarSources sources = AvatarSourceRecords.fromRecords(avatarId, avatar.getSources(), model.poseSize());
            return new DecodedAvatars.DecodedAvatar(raw, avatar, identity, sources);
        }

        private AvatarRenderer renderer(Avatar avatar) {
            WeightsRef ref = avatar.getWeights();
            if (ref == null) {
                return model.base();
            }
            String digest = weightsKey(ref);
            ValueAndTimestamp<byte[]> weights = weightsStore.get(digest);
            if (weights == null || weights.value() == null) {
                if (warnedMissingWeights.putIfAbsent(avatar.getAvatarId(), Boolean.TRUE) == null) {
                    LOG.warn("weights {} of avatar '{}' not on {} yet: rendering with the shipped generator",
                            ref.getUri(), avatar.getAvatarId(), topology.weightsTopic);
                }
                return model.base();
            }
            return topology.fineTuned.get(digest, sha -> {
                byte[] bytes = weights.value();
                String actual = Digests.sha256(bytes);
                if (!actual.equalsIgnoreCase(sha)) {
                    throw new BadRecordException(DeadLetterReason.UNKNOWN_AVATAR, "weights of avatar '"
                            + avatar.getAvatarId() + "' do not match their digest " + sha + " (got " + actual + ")");
                }
                return model.fineTuned(bytes);
            });
        }

        /** The key on the weights topic: the digest named in {@code kafka:<topic>/<sha256>}. */
        private String weightsKey(WeightsRef ref) {
            String uri = ref.getUri();
            String prefix = "kafka:" + topology.weightsTopic + "/";
            if (uri != null && uri.startsWith(prefix)) {
                return uri.substring(prefix.length());
            }
            if (uri != null && !uri.startsWith("kafka:")) {
                throw new BadRecordException(DeadLetterReason.UNKNOWN_AVATAR,
                        "weights URI '" + uri + "' is not on a Kafka topic every generator can read");
            }
            return ref.getSha256();
        }
    }
}
