package io.reenact.service;

import io.reenact.common.KafkaClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientConfigSourceTest {

    @Test
    void theSettingsFileBecomesKafkaStreamsAndKafkaPropertiesBelowExplicitConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        System.setProperty(KafkaClientConfig.PROPERTY, file.toString());
        try {
            KafkaClientConfigSource source = new KafkaClientConfigSource();
            assertEquals("SASL_SSL", source.getValue("kafka-streams.security.protocol"));
            assertEquals("SCRAM-SHA-512", source.getValue("kafka.sasl.mechanism"));
            assertTrue(source.getOrdinal() < 250, "application.properties (250) and the environment (300) win");
        } finally {
            System.clearProperty(KafkaClientConfig.PROPERTY);
        }
        assertNull(new KafkaClientConfigSource().getValue("kafka-streams.security.protocol"), "no file, no settings");
    }
}
