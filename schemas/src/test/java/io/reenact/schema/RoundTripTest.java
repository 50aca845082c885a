package io.reenact.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    @Test
    void everyRecordTypeSurvivesSingleObjectEncoding() throws IOException {
        List<Schema> records = CurrentSchemas.load().values().stream()
            .filter(s -> s.getType() == Schema.Type.RECORD).toList();
        assertFalse(records.isEmpty());
        RandomRecords random = new RandomRecords(SpecificData.get(), 42);
        for (Schema schema : records) {
            SpecificRecord original = (SpecificRecord) random.record(schema);
            BinaryMessageEncoder<SpecificRecord> encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
            BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
            ByteBuffer encoded = encoder.encode(original);
            SpecificRecord decoded = decoder.decode(encoded);
            assertEquals(original.getClass(), decoded.getClass());
            assertEquals(original, decoded, schema.getName());
            assertNotEquals(original, random.record(schema), "two random records differ, so equality means something");
        }
    }

    @Test
    void dataWrittenWithEveryEarlierVersionDecodesIntoTheCurrentClasses() throws IOException {
        Map<String, Schema> current = CurrentSchemas.load();
        RandomRecords random = new RandomRecords(GenericData.get(), 7);
        for (var version : SchemaHistory.all().entrySet()) {
            for (Schema old : version.getValue().values()) {
                if (old.getType() != Schema.Type.RECORD) {
                    continue;
                }
                GenericRecord written = (GenericRecord) random.record(old);
                ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(written);
                Schema now = current.get(old.getFullName());
                BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(SpecificData.get(), now);
                decoder.addSchema(old);
                SpecificRecord read = decoder.decode(bytes);
                assertOldFieldsKept(written, read, version.getKey() + " " + old.getName());
            }
        }
    }

    /** Every field the old writer knew reads back with its value; nested records are compared the same way. */
    private static void assertOldFieldsKept(GenericRecord written, org.apache.avro.generic.IndexedRecord read, String where) {
        for (Schema.Field f : written.getSchema().getFields()) {
            Schema.Field now = read.getSchema().getField(f.name());
            if (now == null) {
                continue;
            }
            Object was = written.get(f.name());
            Object is = read.get(now.pos());
            if (was instanceof GenericRecord nested && is instanceof org.apache.avro.generic.IndexedRecord nestedNow) {
                assertOldFieldsKept(nested, nestedNow, where + "." + f.name());
            } else {
                assertEquals(String.valueOf(was), String.valueOf(is), where + "." + f.name());
            }
        }
    }
}
