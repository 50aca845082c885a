package io.reenact.service;

import io.reenact.common.KafkaClientConfig;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hands the deployment's Kafka client settings ({@link KafkaClientConfig}: TLS, SASL) to the clients
 * Quarkus creates, as {@code kafka-streams.*} (the stage's Streams, its admin) and {@code kafka.*}.
 * Below application.properties and the environment in priority, so an explicit setting still wins.
 */
public class KafkaClientConfigSource implements ConfigSource {

    private final Map<String, String> properties = new HashMap<>();

    public KafkaClientConfigSource() {
        KafkaClientConfig.load().forEach((k, v) -> {
            properties.put("kafka-streams." + k, String.valueOf(v));
            properties.put("kafka." + k, String.valueOf(v));
        });
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "reenact-kafka-client-config";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
