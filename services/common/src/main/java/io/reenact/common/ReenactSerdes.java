package io.reenact.common;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how records are encoded: {@code reenact.serde=single-object} (default,
 * no registry) or {@code reenact.serde=registry} with {@code reenact.registry.url}.
 */
public final class ReenactSerdes {

    public static final String SERDE_MODE = "reenact.serde";
    public static final String REGISTRY_URL = "reenact.registry.url";

    private ReenactSerdes() {
    }

    public static <T extends SpecificRecord> Serde<T> forType(Class<T> type, Map<String, ?> config) {
        return switch (SerdeMode.from(config)) {
            case SINGLE_OBJECT -> new SingleObjectSerde<>(type);
            case REGISTRY -> RegistrySerdes.forType(type, config);
        };
    }

    /** Single-object encoding: the embedded default. */
    public static <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
        return new SingleObjectSerde<>(type);
    }
}
