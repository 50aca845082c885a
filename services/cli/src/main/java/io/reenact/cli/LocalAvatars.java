package io.reenact.cli;

import io.reenact.avatar.AvatarUploads;
import io.reenact.avatar.EnrolmentFrames;
import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.generate.GenerateTopology;
import io.reenact.model.RgbImage;
import io.reenact.schema.Avatar;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.SessionBinding;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Avatars and session bindings of a local pipeline: written to their topics as the avatar service
 * writes them, read back from the generate stage's own tables (what it renders from is what is listed).
 */
final class LocalAvatars implements AutoCloseable {

    private final LocalPipeline pipeline;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<EnrolmentFrame> enrolments;
    private final Serializer<SessionBinding> bindings;
    private final Deserializer<Avatar> avatars;
    private final Deserializer<SessionBinding> bindingReader;

    LocalAvatars(LocalPipeline pipeline) {
        this.pipeline = pipeline;
        this.producer = new KafkaProducer<>(ClientSettings.producer(pipeline.bootstrap()), new StringSerializer(),
                new ByteArraySerializer());
        this.enrolments = ReenactSerdes.forType(EnrolmentFrame.class, pipeline.serdeConfig()).serializer();
        this.bindings = ReenactSerdes.forType(SessionBinding.class, pipeline.serdeConfig()).serializer();
        this.avatars = ReenactSerdes.forType(Avatar.class, pipeline.serdeConfig()).deserializer();
        this.bindingReader = ReenactSerdes.forType(SessionBinding.class, pipeline.serdeConfig()).deserializer();
    }

    /** Sends the K frames of one enrolment; the enrol stage emits the avatar once all arrived. */
    void enrol(String avatarId, String enrolmentId, String displayName, List<RgbImage> frames, int fineTuneSteps)
            throws ExecutionException, InterruptedException {
        for (EnrolmentFrame frame : EnrolmentFrames.of(avatarId, enrolmentId, displayName, frames, fineTuneSteps)) {
            producer.send(new ProducerRecord<>(Topics.ENROLMENT_FRAMES, avatarId,
                    enrolments.serialize(Topics.ENROLMENT_FRAMES, frame)));
        }
        producer.flush();
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        pipeline.generateStore(GenerateTopology.AVATARS_STORE).values().forEach(raw -> describe(raw).ifPresent(out::add));
        return out;
    }

    Optional<Map<String, Object>> get(String avatarId) {
        return pipeline.avatar(avatarId);
    }

    /** A tombstone: compaction removes the avatar (and its fine-tuned weights), every generator forgets it. */
    void delete(String avatarId) throws ExecutionException, InterruptedException {
        Object raw = pipeline.generateStoreValue(GenerateTopology.AVATARS_STORE, avatarId);
        producer.send(new ProducerRecord<>(Topics.AVATARS, avatarId, null)).get();
        if (raw != null) {
            Avatar avatar = avatars.deserialize(Topics.AVATARS, (byte[]) raw);
            if (avatar.getWeights() != null) {
                // weights are keyed by digest: the avatar's record is what names them
                producer.send(new ProducerRecord<>(Topics.AVATAR_WEIGHTS, avatar.getWeights().getSha256(), null)).get();
            }
        }
    }

    void bind(String streamId, String avatarId, boolean relative) throws ExecutionException, InterruptedException {
        SessionBinding binding = new SessionBinding(streamId, avatarId, System.currentTimeMillis(), relative);
        producer.send(new ProducerRecord<>(Topics.SESSION_BINDINGS, streamId,
                bindings.serialize(Topics.SESSION_BINDINGS, binding))).get();
    }

    void unbind(String streamId) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(Topics.SESSION_BINDINGS, streamId, null)).get();
    }

    /** Every stream's binding, as the generate stage sees them. */
    List<Map<String, Object>> bindings() {
        List<Map<String, Object>> out = new ArrayList<>();
        pipeline.generateStore(GenerateTopology.BINDINGS_STORE).forEach((stream, raw) -> {
            try {
                SessionBinding b = bindingReader.deserialize(Topics.SESSION_BINDINGS, raw);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("streamId", stream);
                m.put("avatarId", b.getAvatarId());
                m.put("relative", b.getRelative());
                out.add(m);
            } catch (RuntimeException unreadable) {
                // a record of another schema: not listed
            }
        });
        return out;
    }

    private Optional<Map<String, Object>> describe(byte[] raw) {
        try {
            return Optional.of(AvatarUploads.describe(avatars.deserialize(Topics.AVATARS, raw)));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
