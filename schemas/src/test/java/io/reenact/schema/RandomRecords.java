package io.reenact.schema;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/** Fills every field of a schema with random values (non-null union branches, non-empty arrays). */
final class RandomRecords {

    private final GenericData model;
    private final Random random;

    RandomRecords(GenericData model, long seed) {
        this.model = model;
        this.random = new Random(seed);
    }

    IndexedRecord record(Schema schema) {
        IndexedRecord r = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            r.put(f.pos(), value(f.schema()));
        }
        return r;
    }

    Object value(Schema s) {
        return switch (s.getType()) {
            case RECORD -> record(s);
            case UNION -> value(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(value(s.getElementType()));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> m = new HashMap<>();
                m.put("k" + random.nextInt(100), value(s.getValueType()));
                yield m;
            }
            case ENUM -> model.createEnum(s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())), s);
            case STRING -> "s" + Long.toHexString(random.nextLong());
            case BYTES -> {
                byte[] b = new byte[1 + random.nextInt(64)];
                random.nextBytes(b);
                yield ByteBuffer.wrap(b);
            }
            case FIXED -> {
                byte[] b = new byte[s.getFixedSize()];
                random.nextBytes(b);
                yield model.createFixed(null, b, s);
            }
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextDouble();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }
}
