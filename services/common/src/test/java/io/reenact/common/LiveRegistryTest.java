package io.reenact.common;

import io.reenact.schema.DriverFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registry mode against a real Apicurio Registry ({@link ApicurioRegistryProcess}). */
@org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES) // a lost answer fails the build, never hangs it
class LiveRegistryTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApicurioRegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioRegistryProcess.start();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, Object> registryMode(boolean autoRegister) {
        return Map.of(ReenactSerdes.SERDE_MODE, "registry", ReenactSerdes.REGISTRY_URL, registry.apiUrl(),
                RegistrySerdes.AUTO_REGISTER, autoRegister);
    }

    @Test
    void writesTheConfluentWireFormatAndReadsItBack() throws Exception {
        Serde<DriverFrame> serde = ReenactSerdes.forType(DriverFrame.class, registryMode(true));
        DriverFrame frame = Frames.driverFrame("cam-1", 7);
        byte[] bytes = serde.serializer().serialize("wire-test", frame);

        assertEquals(0, bytes[0], "magic byte 0");
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        HttpResponse<String> schema = get(registry.ccompatUrl() + "/schemas/ids/" + id);
        assertEquals(200, schema.statusCode(), schema.body());
        // the id is the one the Confluent-compatible API knows the writer schema by; Apicurio's serdes
        // register its named types as references, which Confluent clients resolve the same way
        JsonNode written = json(schema.body());
        assertEquals("DriverFrame", json(written.get("schema").asText()).get("name").asText());
        assertTrue(written.get("references").toString().contains("io.reenact.schema.FrameEncoding"), written.toString());
        assertTrue(get(registry.ccompatUrl() + "/subjects").body().contains("\"wire-test-value\""),
                "subject <topic>-value, as Confluent's TopicNameStrategy names it");
        assertEquals(frame, serde.deserializer().deserialize("wire-test", bytes));
    }

    @Test
    void aBackwardRuleRefusesAnIncompatibleSchemaAndTakesACompatibleOne() throws Exception {
        String subject = registry.ccompatUrl() + "/subjects/compat-test-value/versions";
        assertEquals(200, send("POST", subject, register(DriverFrame.getClassSchema())).statusCode());
        assertEquals(200, send("PUT", registry.ccompatUrl() + "/config/compat-test-value", "{\"compatibility\": \"BACKWARD\"}").statusCode());

        // a new field without a default: a reader of the new schema cannot read the old records
        HttpResponse<String> refused = send("POST", subject, register(withField(false)));
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("ncompatible"), refused.body());
        HttpResponse<String> taken = send("POST", subject, register(withField(true)));
        assertEquals(200, taken.statusCode(), taken.body());
        assertEquals("[1,2]", json(get(subject).body()).toString());
    }

    @Test
    void theGeneratedScriptPreRegistersEverySchemaSoProducersNeedNotRegister() throws Exception {
        Path script = Path.of("../../deploy/registry/register-schemas.sh");
        assertEquals(0, bash(script, registry.ccompatUrl()), "first run");
        assertEquals(0, bash(script, registry.ccompatUrl()), "a second run registers the same schemas again: no change");
        for (String topic : Topics.VALUE_TYPES.keySet()) {
            assertEquals("[1]", json(get(registry.ccompatUrl() + "/subjects/" + topic + "-value/versions").body()).toString(), topic);
            String config = get(registry.ccompatUrl() + "/config/" + topic + "-value").body();
            assertTrue(config.contains("BACKWARD"), topic + ": " + config);
        }
        // with registration off, a producer finds the pre-registered schema and writes its id
        byte[] bytes = ReenactSerdes.forType(DriverFrame.class, registryMode(false)).serializer()
                .serialize(Topics.DRIVER_FRAMES, Frames.driverFrame("cam-2", 1));
        int registered = json(get(registry.ccompatUrl() + "/subjects/" + Topics.DRIVER_FRAMES + "-value/versions/1").body())
                .get("id").asInt();
        assertEquals(registered, ByteBuffer.wrap(bytes, 1, 4).getInt());
    }

    /** DriverFrame's schema plus one int field, with or without a default. */
    private static Schema withField(boolean withDefault) {
        Schema base = DriverFrame.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        base.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(withDefault ? new Schema.Field("extra", Schema.create(Schema.Type.INT), "new", 0)
                : new Schema.Field("extra", Schema.create(Schema.Type.INT), "new"));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static String register(Schema schema) {
        return JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString()).toString();
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the script with its output in a file, so that a script that never ends fails the test instead of hanging it. */
    private static int bash(Path script, String url) throws Exception {
        Path out = Files.createTempFile("register-schemas", ".out");
        Process p = new ProcessBuilder("bash", script.toString(), url).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        System.out.print(Files.readString(out));
        Files.delete(out);
        assertTrue(finished, "the script finished");
        return p.exitValue();
    }
}
