package io.reenact.stages;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.ReenactSerdes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a record value inside a processor (rather than in the source's serde), so that garbage
 * or truncated Avro becomes a dead letter with the original bytes instead of a stopped stream.
 */
public final class AvroDecoder<T extends SpecificRecord> {

    private final Class<T> type;
    private final Deserializer<T> deserializer;

    public AvroDecoder(Class<T> type, Map<String, ?> serdeConfig) {
        this.type = type;
        this.deserializer = ReenactSerdes.forType(type, serdeConfig).deserializer();
    }

    public T decode(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            throw new BadRecordException(DeadLetterReason.UNDECODABLE_RECORD,
                    "empty value where a " + type.getSimpleName() + " was expected");
        }
        T decoded;
        try {
            decoded = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw new BadRecordException(DeadLetterReason.UNDECODABLE_RECORD,
                    "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (decoded == null) {
            throw new BadRecordException(DeadLetterReason.UNDECODABLE_RECORD, "not a " + type.getSimpleName());
        }
        return decoded;
    }
}
