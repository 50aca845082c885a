package io.reenact.service;

import io.reenact.avatar.AvatarUploads;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.Topics;
import io.reenact.schema.Avatar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enrolled avatars as this instance's copy of the compacted avatars topic (a global table:
 * every avatar service instance sees all of them, whoever enrolled them).
 */
@ApplicationScoped
public class AvatarDirectory {

    public static final String STORE = "avatar-directory";

    @Inject
    KafkaStreams streams;

    @Inject
    StageSettings settings;

    private Deserializer<Avatar> deserializer;

    private synchronized Deserializer<Avatar> deserializer() {
        if (deserializer == null) {
            deserializer = ReenactSerdes.forType(Avatar.class, settings.serdeConfig()).deserializer();
        }
        return deserializer;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store().all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                describe(kv.value).ifPresent(out::add);
            }
        }
        return out;
    }

    public Optional<Map<String, Object>> get(String avatarId) {
        byte[] raw = store().get(avatarId);
        return raw == null ? Optional.empty() : describe(raw);
    }

    private Optional<Map<String, Object>> describe(byte[] raw) {
        Avatar avatar;
        try {
            avatar = deserializer().deserialize(Topics.AVATARS, raw);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.of(AvatarUploads.describe(avatar));
    }
}
