package io.reenact.schema;

import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Every schema change must stay fully compatible with every earlier version (see the history
 * README): the current schema reads old data, and old readers read current data. Checked with
 * Avro's own SchemaCompatibility.
 */
class SchemaCompatibilityTest {

    @Test
    void currentSchemasReadEveryEarlierVersionAndEarlierReadersReadCurrentData() throws IOException {
        Map<String, Schema> current = CurrentSchemas.load();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var version : SchemaHistory.all().entrySet()) {
            for (Schema old : version.getValue().values()) {
                Schema now = current.get(old.getFullName());
                if (now == null) {
                    problems.add(old.getFullName() + " of " + version.getKey() + " no longer exists: keep the type");
                    continue;
                }
                check(problems, "current " + now.getName() + " reading " + version.getKey() + " data", now, old);
                check(problems, version.getKey() + " " + old.getName() + " reading current data", old, now);
                checked++;
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked >= current.size(), "every current type has at least one earlier version to compare with");
    }

    @Test
    void generatedClassesMatchTheSchemaSources() throws IOException {
        for (Schema s : CurrentSchemas.load().values()) {
            Class<?> generated = SpecificData.get().getClass(s);
            // the generated schema carries "avro.java.string" hints; the parsing form (what the
            // single-object fingerprint is taken of) ignores them
            assertEquals(SchemaNormalization.toParsingForm(s),
                SchemaNormalization.toParsingForm(SpecificData.get().getSchema(generated)),
                s.getFullName() + " was generated from another schema: rebuild the module");
        }
    }

    @Test
    void theHistoryIndexListsEveryFileOfTheHistory() throws IOException {
        Path history = Path.of("src", "main", "resources", "io", "reenact", "schema", "history");
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(history)) {
            onDisk = files.filter(p -> p.toString().endsWith(".avsc"))
                .map(p -> history.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(onDisk, SchemaHistory.index().stream().sorted().toList());
    }

    // --- the checker itself must catch incompatible changes, or the test above proves nothing ---

    @Test
    void aNewFieldWithoutDefaultIsCaught() throws IOException {
        Schema frame = CurrentSchemas.load().get("io.reenact.schema.DriverFrame");
        Schema changed = withExtraField(frame, "{\"name\": \"rotation\", \"type\": \"int\"}");
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(changed, frame);
        assertEquals(INCOMPATIBLE, result.getType());
        assertTrue(result.getResult().getIncompatibilities().get(0).getMessage().contains("rotation"),
            result.getDescription());
    }

    @Test
    void aNewFieldWithADefaultIsAccepted() throws IOException {
        Schema frame = CurrentSchemas.load().get("io.reenact.schema.DriverFrame");
        Schema changed = withExtraField(frame, "{\"name\": \"rotation\", \"type\": \"int\", \"default\": 0}");
        assertEquals(COMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(changed, frame).getType());
        assertEquals(COMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(frame, changed).getType());
    }

    @Test
    void aChangedFieldTypeIsCaught() throws IOException {
        Schema binding = CurrentSchemas.load().get("io.reenact.schema.SessionBinding");
        String json = binding.toString().replace("{\"name\":\"boundAtMs\",\"type\":\"long\"}",
            "{\"name\":\"boundAtMs\",\"type\":\"string\"}");
        Schema changed = new Schema.Parser().parse(json);
        assertFalse(changed.equals(binding), "the edit must have changed the schema");
        assertEquals(INCOMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(changed, binding).getType());
    }

    @Test
    void aRemovedEnumSymbolIsCaughtForReadersWithoutThatSymbol() throws IOException {
        Schema encoding = CurrentSchemas.load().get("io.reenact.schema.MaskEncoding");
        Schema fewer = Schema.createEnum(encoding.getName(), encoding.getDoc(), encoding.getNamespace(), List.of("PNG"));
        assertEquals(INCOMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(fewer, encoding).getType());
    }

    private static void check(List<String> problems, String what, Schema reader, Schema writer) {
        SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (c.getType() != COMPATIBLE) {
            problems.add(what + ": " + c.getResult().getIncompatibilities());
        }
    }

    private static Schema withExtraField(Schema record, String fieldJson) {
        String json = record.toString();
        int end = json.lastIndexOf("]");
        return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
    }
}
