package io.reenact.common;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams configuration for a live stage. Streams' defaults batch for throughput and add about
 * 100 ms per hop; these settings forward each frame at once: producer linger 0, poll every 5 ms, no
 * record cache, never wait for other partitions (max.task.idle.ms -1), commit every 100 ms.
 * Failed records become dead letters ({@link DeadLetterExceptionHandler}) instead of stopping the stream;
 * a failed write is reported ({@link WriteFailureHandler}) and its input processed again.
 */
public final class StreamsSettings {

    public static final long POLL_MS = 5;
    public static final long COMMIT_INTERVAL_MS = 100;

    private StreamsSettings() {
    }

    public static Builder builder(String applicationId, String bootstrapServers) {
        return new Builder(applicationId, bootstrapServers);
    }

    public static final class Builder {
        private final Properties props = new Properties();

        private Builder(String applicationId, String bootstrapServers) {
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, Objects.requireNonNull(applicationId, "applicationId"));
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
            props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
            props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), ClientSettings.MAX_REQUEST_BYTES);
            props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
            props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
            props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
            props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
            props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, WriteFailureHandler.class.getName());
            // TLS/SASL of the deployment (Streams hands them to its own consumers, producers and admin)
            props.putAll(KafkaClientConfig.load());
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            return this;
        }

        /**
         * Static group membership: a restarted instance with the same id takes its partitions back at
         * once instead of waiting ~45 s for the old member's session to time out. Streams appends the
         * thread index, so one id per instance suffices.
         */
        public Builder staticMembership(String instanceId) {
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
            return this;
        }

        public Builder stateDir(Path dir) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString());
            return this;
        }

        /** {@code reenact.serde}, {@code reenact.registry.url}, ... (the dead-letter handler encodes with them). */
        public Builder serdeConfig(Map<String, ?> config) {
            config.forEach(props::put);
            return this;
        }

        public Builder put(String key, Object value) {
            props.put(key, value);
            return this;
        }

        public Properties build() {
            Properties copy = new Properties();
            copy.putAll(props);
            return copy;
        }
    }
}
