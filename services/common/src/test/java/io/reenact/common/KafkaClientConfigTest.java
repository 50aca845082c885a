package io.reenact.common;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientConfigTest {

    @Test
    void theNamedFileReachesProducersConsumersAndStreams(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        System.setProperty(KafkaClientConfig.PROPERTY, file.toString());
        try {
            assertEquals("SASL_SSL", ClientSettings.producer("b:1").get("security.protocol"));
            assertEquals("SCRAM-SHA-512", ClientSettings.consumer("b:1", "g").get("sasl.mechanism"));
            assertEquals("SASL_SSL", StreamsSettings.builder("app", "b:1").build().get("security.protocol"));
        } finally {
            System.clearProperty(KafkaClientConfig.PROPERTY);
        }
        System.setProperty(KafkaClientConfig.PROPERTY, dir.resolve("missing.properties").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, KafkaClientConfig::load);
            assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
        } finally {
            System.clearProperty(KafkaClientConfig.PROPERTY);
        }
    }

    @Test
    void securityIsPickedOutOfAClientsConfiguration() {
        var picked = KafkaClientConfig.security(Map.of("security.protocol", "SSL", "ssl.truststore.password",
                new Password("s3cret"), "sasl.mechanism", "PLAIN", "linger.ms", 0));
        assertEquals("SSL", picked.get("security.protocol"));
        assertEquals("s3cret", picked.get("ssl.truststore.password"), "the value, not Kafka's [hidden]");
        assertEquals("PLAIN", picked.get("sasl.mechanism"));
        assertFalse(picked.containsKey("linger.ms"));
    }
}
