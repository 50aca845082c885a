package io.reenact.service;

import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.model.RgbImage;
import io.reenact.avatar.EnrolmentFrames;
import io.reenact.schema.EnrolmentFrame;
import io.reenact.schema.SessionBinding;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Writes what the REST API asks for: enrolment frames, avatar tombstones, session bindings and
 * their tombstones. Values are encoded with the pipeline's serdes, so a registry-mode cluster gets
 * registered schemas here too.
 */
@ApplicationScoped
public class AvatarRecords {

    @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers")
    String bootstrap;

    @Inject
    StageSettings settings;

    private KafkaProducer<String, byte[]> producer;
    private Serializer<EnrolmentFrame> enrolmentSerializer;
    private Serializer<SessionBinding> bindingSerializer;

    @PostConstruct
    void start() {
        producer = new KafkaProducer<>(ClientSettings.producer(bootstrap), new StringSerializer(), new ByteArraySerializer());
        enrolmentSerializer = ReenactSerdes.forType(EnrolmentFrame.class, settings.serdeConfig()).serializer();
        bindingSerializer = ReenactSerdes.forType(SessionBinding.class, settings.serdeConfig()).serializer();
    }

    /** Sends the K frames of one enrolment; the enrol stage emits the Avatar once all arrived. */
    public void enrol(String avatarId, String enrolmentId, String displayName, List<RgbImage> frames, int fineTuneSteps)
            throws ExecutionException, InterruptedException {
        for (EnrolmentFrame frame : EnrolmentFrames.of(avatarId, enrolmentId, displayName, frames, fineTuneSteps)) {
            send(Topics.ENROLMENT_FRAMES, avatarId, enrolmentSerializer.serialize(Topics.ENROLMENT_FRAMES, frame));
        }
        producer.flush();
    }

    /**
     * Tombstones: compaction removes the avatar and its fine-tuned weights (keyed by their digest,
     * which only the avatar's record names), every generator forgets both.
     */
    public void deleteAvatar(String avatarId, String weightsSha256) throws ExecutionException, InterruptedException {
        send(Topics.AVATARS, avatarId, null).get();
        if (weightsSha256 != null) {
            send(Topics.AVATAR_WEIGHTS, weightsSha256, null).get();
        }
    }

    public void bind(String streamId, String avatarId, boolean relative) throws ExecutionException, InterruptedException {
        SessionBinding binding = new SessionBinding(streamId, avatarId, System.currentTimeMillis(), relative);
        send(Topics.SESSION_BINDINGS, streamId, bindingSerializer.serialize(Topics.SESSION_BINDINGS, binding)).get();
    }

    public void unbind(String streamId) throws ExecutionException, InterruptedException {
        send(Topics.SESSION_BINDINGS, streamId, null).get();
    }

    private java.util.concurrent.Future<?> send(String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }
}
