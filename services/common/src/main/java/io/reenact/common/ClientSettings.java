package io.reenact.common;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain producer and consumer settings for live video (ingest, egress, tools): send each frame at
 * once rather than batching it, and let big records (weights, raw frames) through. Keys are stream
 * ids (String), values are encoded records (byte[]; encode with {@link ReenactSerdes}). The
 * deployment's TLS/SASL settings ({@link KafkaClientConfig}) are applied last.
 */
public final class ClientSettings {

    /** Above the largest avatar-weights record plus its batch envelope. */
    public static final int MAX_REQUEST_BYTES = Topics.MAX_WEIGHTS_BYTES + 1024 * 1024;

    private ClientSettings() {
    }

    public static Properties producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(KafkaClientConfig.load());
        return p;
    }

    /** Reads from the earliest retained record when the group has no committed offset. */
    public static Properties consumer(String bootstrapServers, String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(KafkaClientConfig.load());
        return p;
    }
}
