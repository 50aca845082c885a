package io.reenact.common;

import java.util.Locale;
import java.util.Map;

/** How records are encoded on the topics, chosen with {@code reenact.serde}. */
public enum SerdeMode {
    /** Avro single-object encoding: schema fingerprint in the record, no registry (the embedded default). */
    SINGLE_OBJECT("single-object"),
    /** Apicurio Registry serdes, Confluent-compatible wire format (magic byte + 4-byte schema id). */
    REGISTRY("registry");

    private final String configValue;

    SerdeMode(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static SerdeMode from(Map<String, ?> config) {
        Object value = config == null ? null : config.get(ReenactSerdes.SERDE_MODE);
        if (value == null || value.toString().isBlank()) {
            return SINGLE_OBJECT;
        }
        String v = value.toString().strip().toLowerCase(Locale.ROOT);
        for (SerdeMode mode : values()) {
            if (mode.configValue.equals(v) || mode.name().toLowerCase(Locale.ROOT).equals(v)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(ReenactSerdes.SERDE_MODE + " must be single-object or registry, got '" + value + "'");
    }
}
