package io.reenact.common;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Settings every Kafka client of the project takes on top of its own: a Kafka client properties file
 * (the format of Kafka's own {@code --command-config}), named by {@code REENACT_KAFKA_CONFIG} or the
 * system property {@code reenact.kafka.config}. It is where TLS and SASL go:
 * <pre>
 *   security.protocol=SASL_SSL
 *   sasl.mechanism=SCRAM-SHA-512
 *   sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="reenact" password="...";
 *   ssl.truststore.location=/etc/reenact/truststore.p12
 *   ssl.truststore.password=...
 * </pre>
 * Plain producers and consumers ({@link ClientSettings}), Kafka Streams ({@link StreamsSettings}, and
 * the Quarkus services through their config source) and the dead-letter producer all read it, so no
 * client of the project talks to the cluster without them.
 */
public final class KafkaClientConfig {

    public static final String ENV = "REENACT_KAFKA_CONFIG";
    public static final String PROPERTY = "reenact.kafka.config";

    private KafkaClientConfig() {
    }

    /** The file's settings; empty when none is named. */
    public static Properties load() {
        String name = System.getProperty(PROPERTY, System.getenv(ENV));
        Properties p = new Properties();
        if (name == null || name.isBlank()) {
            return p;
        }
        try (Reader in = Files.newBufferedReader(Path.of(name))) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Kafka client settings " + name + " (" + ENV + "): " + e, e);
        }
        return p;
    }

    /** The TLS and SASL settings among a client's configuration (to hand on to a client it creates). */
    public static Properties security(Map<String, ?> configs) {
        Properties p = new Properties();
        configs.forEach((k, v) -> {
            if (v != null && (k.equals("security.protocol") || k.startsWith("sasl.") || k.startsWith("ssl."))) {
                p.put(k, v instanceof org.apache.kafka.common.config.types.Password pw ? pw.value() : v);
            }
        });
        return p;
    }
}
