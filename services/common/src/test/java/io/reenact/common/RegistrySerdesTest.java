package io.reenact.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.reenact.schema.DriverFrame;

/** No registry runs here: these check the mode switch and the Apicurio configuration it produces. */
class RegistrySerdesTest {

    @Test
    void singleObjectIsTheDefaultAndRegistryIsChosenByConfig() {
        assertEquals(SerdeMode.SINGLE_OBJECT, SerdeMode.from(Map.of()));
        assertEquals(SerdeMode.SINGLE_OBJECT, SerdeMode.from(Map.of(ReenactSerdes.SERDE_MODE, "single-object")));
        assertEquals(SerdeMode.REGISTRY, SerdeMode.from(Map.of(ReenactSerdes.SERDE_MODE, " Registry ")));
        assertThrows(IllegalArgumentException.class, () -> SerdeMode.from(Map.of(ReenactSerdes.SERDE_MODE, "json")));
        assertInstanceOf(SingleObjectSerde.class, ReenactSerdes.forType(DriverFrame.class, Map.of()));
    }

    @Test
    void registryModeNeedsAUrl() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> ReenactSerdes.forType(DriverFrame.class, Map.of(ReenactSerdes.SERDE_MODE, "registry")));
        assertTrue(e.getMessage().contains(ReenactSerdes.REGISTRY_URL), e.getMessage());
    }

    @Test
    void registryModeUsesTheConfluentCompatibleWireFormat() {
        Map<String, Object> c = RegistrySerdes.apicurioConfig(Map.of(
            ReenactSerdes.SERDE_MODE, "registry",
            ReenactSerdes.REGISTRY_URL, "http://registry:8080/apis/registry/v3",
            "apicurio.registry.retry-count", "1"));
        assertEquals("http://registry:8080/apis/registry/v3", c.get("apicurio.registry.url"));
        // magic byte + 4-byte content id in the payload, nothing in headers: what Confluent clients read
        assertEquals("io.apicurio.registry.serde.Default4ByteIdHandler", c.get("apicurio.registry.id-handler"));
        assertEquals("contentId", c.get("apicurio.registry.use-id"));
        assertEquals("false", c.get("apicurio.registry.headers.enabled"));
        // artifact <topic>-value, like Confluent's TopicNameStrategy subject
        assertEquals("io.apicurio.registry.serde.strategy.TopicIdStrategy", c.get("apicurio.registry.artifact-resolver-strategy"));
        assertEquals("true", c.get("apicurio.registry.use-specific-avro-reader"));
        assertEquals("true", c.get("apicurio.registry.auto-register"));
        assertEquals("1", c.get("apicurio.registry.retry-count"), "apicurio.* keys pass through");
        assertEquals("false", RegistrySerdes.apicurioConfig(Map.of(ReenactSerdes.REGISTRY_URL, "http://r",
            RegistrySerdes.AUTO_REGISTER, false)).get("apicurio.registry.auto-register"));
    }

    @Test
    void authTlsAndPreRegisteredSchemasAreSettings() {
        Map<String, Object> c = RegistrySerdes.apicurioConfig(Map.of(ReenactSerdes.REGISTRY_URL, "https://r",
            RegistrySerdes.AUTO_REGISTER, "false", RegistrySerdes.USERNAME, "svc", RegistrySerdes.PASSWORD, "pw",
            RegistrySerdes.TRUSTSTORE, "/etc/ca.p12", RegistrySerdes.TRUSTSTORE_PASSWORD, "changeit"));
        assertEquals("false", c.get("apicurio.registry.auto-register"));
        assertEquals("true", c.get("apicurio.registry.find-latest"), "writes with the pre-registered latest version");
        assertEquals("svc", c.get("apicurio.registry.auth.username"));
        assertEquals("pw", c.get("apicurio.registry.auth.password"));
        assertEquals("/etc/ca.p12", c.get("apicurio.registry.tls.truststore.location"));
        assertEquals("changeit", c.get("apicurio.registry.tls.truststore.password"));
        assertEquals("PKCS12", c.get("apicurio.registry.tls.truststore.type"));
        assertEquals(null, RegistrySerdes.apicurioConfig(Map.of(ReenactSerdes.REGISTRY_URL, "http://r")).get("apicurio.registry.find-latest"));
    }

    @Test
    void anUnreachableRegistryFailsTheSendWithAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Serde<DriverFrame> serde = ReenactSerdes.forType(DriverFrame.class, Map.of(
            ReenactSerdes.SERDE_MODE, "registry",
            ReenactSerdes.REGISTRY_URL, "http://127.0.0.1:" + closedPort + "/apis/registry/v3",
            "apicurio.registry.retry-count", "1",
            "apicurio.registry.retry-backoff-ms", "10"));
        assertNotNull(serde.serializer());
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> serde.serializer().serialize("driver-frames", Frames.driverFrame("s", 0)));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(java.net.ConnectException.class, root, "the cause says the registry is unreachable: " + e);
    }
}
