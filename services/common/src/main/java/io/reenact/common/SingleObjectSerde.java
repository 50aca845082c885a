package io.reenact.common;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.reenact.schema.SchemaHistory;

/**
 * Avro single-object encoding (magic C3 01, 8-byte schema fingerprint, binary body) using Avro's
 * own encoder and decoder. Needs no registry: the decoder knows the current schema of its class and
 * every earlier version in {@link SchemaHistory}, so records from older producers still decode.
 * Encoder and decoder keep their buffers per thread, so one instance serves every stream thread.
 */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

    static {
        AvroLimits.install();
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectSerde(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, History.STORE);
    }

    /** Every earlier writer schema, found by fingerprint; a fingerprint of another type fails resolution. */
    private static final class History {
        static final SchemaStore STORE = build();

        private static SchemaStore build() {
            SchemaStore.Cache cache = new SchemaStore.Cache();
            for (Map<String, Schema> version : SchemaHistory.all().values()) {
                version.values().forEach(cache::addSchema);
                // and every type's current schema, so that a record of another type is named as such
                // even when that type changed after the newest history version
                for (Schema old : version.values()) {
                    try {
                        cache.addSchema((Schema) Class.forName(old.getFullName()).getMethod("getClassSchema").invoke(null));
                    } catch (ReflectiveOperationException | LinkageError e) {
                        // a type that no longer exists: its old versions are all there is
                    }
                }
            }
            return cache;
        }
    }

    public Class<T> type() {
        return type;
    }

    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        try {
            return encoder.encode(value).array();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one record; garbage, truncated or trailing bytes and unknown schema fingerprints all
     * raise a {@link SerializationException} whose message says which.
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String what = type.getSimpleName();
        if (bytes.length < 10) {
            throw new SerializationException("cannot decode " + what + ": " + bytes.length
                + " bytes is shorter than the 10-byte single-object header");
        }
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        T value;
        try {
            value = decoder.decode(in, null);
        } catch (BadHeaderException e) {
            throw new SerializationException("cannot decode " + what + ": not Avro single-object encoding ("
                + e.getMessage() + ")", e);
        } catch (MissingSchemaException e) {
            throw new SerializationException("cannot decode " + what + ": written with a schema this reader does not know ("
                + e.getMessage() + "); add that version to the schema history", e);
        } catch (AvroTypeException e) {
            throw new SerializationException("cannot decode " + what + ": the record was written as another type or with an"
                + " incompatible schema (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new SerializationException("cannot decode " + what + ": truncated record (" + bytes.length + " bytes)", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new SerializationException("cannot decode " + what + ": malformed body (" + e + ")", e);
        }
        if (in.available() > 0) {
            throw new SerializationException("cannot decode " + what + ": " + in.available()
                + " trailing bytes after the record");
        }
        return value;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
