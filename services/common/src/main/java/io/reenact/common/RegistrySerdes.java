package io.reenact.common;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;

/**
 * Apicurio Registry serdes in the Confluent-compatible wire format: magic byte 0, the schema's
 * 4-byte content id (the id Apicurio's Confluent-compatible API hands out), then the Avro binary
 * body; no Kafka headers. Artifacts are named {@code <topic>-value} / {@code <topic>-key}, as
 * Confluent's TopicNameStrategy names subjects, so Confluent clients can share the topics.
 */
public final class RegistrySerdes {

    /**
     * Register a schema the registry does not know yet on first use (producers); default true. Off, a
     * producer writes with the latest version of its subject, the one {@code deploy/registry/register-schemas.sh}
     * put there (it registers whole schemas; the serdes would register named types as references).
     */
    public static final String AUTO_REGISTER = "reenact.registry.auto-register";
    /** Basic authentication against the registry. */
    public static final String USERNAME = "reenact.registry.username";
    public static final String PASSWORD = "reenact.registry.password";
    /** TLS: the trust store for a registry behind https (type PKCS12 unless given). */
    public static final String TRUSTSTORE = "reenact.registry.truststore";
    public static final String TRUSTSTORE_PASSWORD = "reenact.registry.truststore-password";
    public static final String TRUSTSTORE_TYPE = "reenact.registry.truststore-type";
    /** Milliseconds a call that asks the registry may take before it is sent again ({@link RegistryDeadline}). */
    public static final String TIMEOUT_MS = RegistryDeadline.TIMEOUT_MS;

    static {
        AvroLimits.install();
    }

    private RegistrySerdes() {
    }

    /** The Apicurio configuration that {@code reenact.*} settings map to; any {@code apicurio.*} key given wins. */
    public static Map<String, Object> apicurioConfig(Map<String, ?> config) {
        Object url = config.get(ReenactSerdes.REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(ReenactSerdes.SERDE_MODE + "=registry needs " + ReenactSerdes.REGISTRY_URL
                + " (e.g. http://registry:8080/apis/registry/v3)");
        }
        Map<String, Object> c = new HashMap<>();
        c.put(SchemaResolverConfig.REGISTRY_URL, url.toString());
        boolean autoRegister = !config.containsKey(AUTO_REGISTER) || Boolean.parseBoolean(String.valueOf(config.get(AUTO_REGISTER)));
        c.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, String.valueOf(autoRegister));
        if (!autoRegister) {
            c.put(SchemaResolverConfig.FIND_LATEST_ARTIFACT, "true");
        }
        copy(config, USERNAME, c, SchemaResolverConfig.AUTH_USERNAME);
        copy(config, PASSWORD, c, SchemaResolverConfig.AUTH_PASSWORD);
        copy(config, TRUSTSTORE, c, SchemaResolverConfig.TLS_TRUSTSTORE_LOCATION);
        copy(config, TRUSTSTORE_PASSWORD, c, SchemaResolverConfig.TLS_TRUSTSTORE_PASSWORD);
        if (config.containsKey(TRUSTSTORE)) {
            c.put(SchemaResolverConfig.TLS_TRUSTSTORE_TYPE, String.valueOf(config.containsKey(TRUSTSTORE_TYPE) ? config.get(TRUSTSTORE_TYPE) : "PKCS12"));
        }
        c.put(SchemaResolverConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName());
        c.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
        c.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        c.put(KafkaSerdeConfig.ENABLE_HEADERS, "false");
        c.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "true");
        c.put(AvroSerdeConfig.AVRO_ENCODING, AvroSerdeConfig.AVRO_ENCODING_BINARY);
        config.forEach((k, v) -> {
            if (k.startsWith("apicurio.")) {
                c.put(k, v);
            }
        });
        return c;
    }

    private static void copy(Map<String, ?> from, String key, Map<String, Object> to, String apicurioKey) {
        Object v = from.get(key);
        if (v != null && !v.toString().isBlank()) {
            to.put(apicurioKey, v.toString());
        }
    }

    /** A value serde (keys are plain strings everywhere in the pipeline). */
    public static <T extends SpecificRecord> Serde<T> forType(Class<T> type, Map<String, ?> config) {
        Map<String, Object> c = apicurioConfig(config);
        c.put(SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS, type.getName());
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        serializer.configure(c, false);
        deserializer.configure(c, false);
        RegistryDeadline deadline = RegistryDeadline.from(config);
        return Serdes.serdeFrom(deadline.serializer(serializer), deadline.deserializer(deserializer));
    }
}
