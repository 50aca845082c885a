package io.reenact.kafka.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.reenact.common.Topics;
import io.reenact.kafka.EmbeddedKafka;

/**
 * Starts a real embedded broker for a {@code @QuarkusTest}: free ports, a temporary data directory,
 * the pipeline's topics. Use with {@code @QuarkusTestResource(EmbeddedKafkaTestResource.class)} and
 * {@code reenact-embedded-kafka} in test scope (the broker must never reach a Quarkus runtime
 * classpath). Init arg {@code partitions} sets the topics' partition count (default 2); init arg
 * {@code security=sasl_ssl} gives the service only a SASL_SSL (SCRAM-SHA-512) listener, with the
 * credentials in a Kafka client settings file named by {@code reenact.kafka.config} (as
 * {@code REENACT_KAFKA_CONFIG} would in a deployment) for the service and the test's own clients.
 */
public class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "reenact-service";
    private static final String KAFKA_CONFIG_PROPERTY = "reenact.kafka.config";

    private EmbeddedKafka kafka;
    private int partitions = 2;
    private boolean saslSsl;
    /** The SASL_SSL listener's key stores and the clients' settings. */
    private java.nio.file.Path saslSslDir;

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get("partitions");
        if (p != null) {
            partitions = Integer.parseInt(p);
        }
        saslSsl = "sasl_ssl".equalsIgnoreCase(initArgs.get("security"));
    }

    @Override
    public Map<String, String> start() {
        String bootstrap;
        if (saslSsl) {
            bootstrap = startSaslSsl();
        } else {
            kafka = EmbeddedKafka.builder().freePorts().tempDir().start();
            kafka.createTopics(Topics.newTopics(partitions));
            bootstrap = kafka.bootstrapServers();
        }
        return Map.of(
            "kafka.bootstrap.servers", bootstrap,
            "quarkus.kafka-streams.bootstrap-servers", bootstrap,
            // a broker is already here: Quarkus must not try to start a container for one
            "quarkus.kafka.devservices.enabled", "false");
    }

    private String startSaslSsl() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sasl-ssl-");
            saslSslDir = dir;
            String password = "store-" + java.util.UUID.randomUUID();
            String userPassword = "scram-" + java.util.UUID.randomUUID();
            io.reenact.kafka.SelfSignedKeyStores stores = io.reenact.kafka.SelfSignedKeyStores.create(dir, password);
            kafka = EmbeddedKafka.builder().freePorts().tempDir()
                    .saslSsl(stores.keyStore(), password, Map.of(USER, userPassword)).start();
            kafka.createTopics(Topics.newTopics(partitions));
            java.nio.file.Path settings = dir.resolve("kafka-client.properties");
            try (var out = java.nio.file.Files.newBufferedWriter(settings)) {
                stores.saslSslClient(USER, userPassword).store(out, "the service's credentials");
            }
            System.setProperty(KAFKA_CONFIG_PROPERTY, settings.toString());
            return kafka.secureBootstrapServers();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (saslSsl) {
            System.clearProperty(KAFKA_CONFIG_PROPERTY);
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (saslSslDir != null) {
            try {
                org.apache.kafka.common.utils.Utils.delete(saslSslDir.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            saslSslDir = null;
        }
    }
}
