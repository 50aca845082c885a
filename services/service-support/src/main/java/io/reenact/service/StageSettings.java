package io.reenact.service;

import io.reenact.common.ReenactSerdes;
import io.reenact.common.RegistrySerdes;
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

    /** Registry access: REENACT_REGISTRY_AUTO_REGISTER, _USERNAME, _PASSWORD, _TRUSTSTORE, _TRUSTSTORE_PASSWORD, _TIMEOUT_MS. */
    @ConfigProperty(name = RegistrySerdes.AUTO_REGISTER, defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = RegistrySerdes.USERNAME)
    Optional<String> registryUsername;
    @ConfigProperty(name = RegistrySerdes.PASSWORD)
    Optional<String> registryPassword;
    @ConfigProperty(name = RegistrySerdes.TRUSTSTORE)
    Optional<String> registryTruststore;
    @ConfigProperty(name = RegistrySerdes.TRUSTSTORE_PASSWORD)
    Optional<String> registryTruststorePassword;
    @ConfigProperty(name = RegistrySerdes.TIMEOUT_MS)
    Optional<Long> registryTimeoutMs;

    @ConfigProperty(name = "reenact.deadline-ms", defaultValue = "1000")
    long deadlineMs;

    @ConfigProperty(name = "reenact.jpeg-quality", defaultValue = "90")
    int jpegQuality;

    /** {@code reenact.serde} and the registry URL, as the serdes read them. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ReenactSerdes.SERDE_MODE, serde);
        registryUrl.filter(u -> !u.isBlank()).ifPresent(u -> config.put(ReenactSerdes.REGISTRY_URL, u));
        config.put(RegistrySerdes.AUTO_REGISTER, autoRegister);
        registryUsername.ifPresent(v -> config.put(RegistrySerdes.USERNAME, v));
        registryPassword.ifPresent(v -> config.put(RegistrySerdes.PASSWORD, v));
        registryTruststore.ifPresent(v -> config.put(RegistrySerdes.TRUSTSTORE, v));
        registryTruststorePassword.ifPresent(v -> config.put(RegistrySerdes.TRUSTSTORE_PASSWORD, v));
        registryTimeoutMs.ifPresent(v -> config.put(RegistrySerdes.TIMEOUT_MS, v));
        return config;
    }

    public StageOptions options(MicrometerStageMetrics metrics) {
        StageOptions defaults = StageOptions.defaults();
        return new StageOptions(Duration.ofMillis(deadlineMs), defaults.limits(), jpegQuality, defaults.clock(), metrics,
                serdeConfig());
    }
}
