package io.reenact.service;

import io.reenact.common.ReenactSerdes;
import io.reenact.stages.StageOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every stage shares, from application.properties (or the environment:
 * REENACT_SERDE, REENACT_REGISTRY_URL, REENACT_DEADLINE_MS, ...).
 */
@ApplicationScoped
public class StageSettings {

    @ConfigProperty(name = "reenact.serde", defaultValue = "single-object")
    String serde;

    @ConfigProperty(name = "reenact.registry.url")
    Optional<String> registryUrl;

    @ConfigProperty(name = "reenact.deadline-ms", defaultValue = "1000")
    long deadlineMs;

    @ConfigProperty(name = "reenact.jpeg-quality", defaultValue = "90")
    int jpegQuality;

    /** {@code reenact.serde} and the registry URL, as the serdes read them. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ReenactSerdes.SERDE_MODE, serde);
        registryUrl.filter(u -> !u.isBlank()).ifPresent(u -> config.put(ReenactSerdes.REGISTRY_URL, u));
        return config;
    }

    public StageOptions options(MicrometerStageMetrics metrics) {
        StageOptions defaults = StageOptions.defaults();
        return new StageOptions(Duration.ofMillis(deadlineMs), defaults.limits(), jpegQuality, defaults.clock(), metrics,
                serdeConfig());
    }
}
