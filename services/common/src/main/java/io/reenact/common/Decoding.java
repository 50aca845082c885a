package io.reenact.common;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decoding as a step of the topology rather than in the source's deserialiser: a stage consumes
 * {@code byte[]} values and runs this processor, which forwards {@link Decoded} results. Good records
 * go on; bad ones become DeadLetters with their source topic, partition, offset and original bytes,
 * which {@link org.apache.kafka.streams.TopologyTestDriver} tests can see too.
 */
public final class Decoding {

    private Decoding() {
    }

    /** For {@code KStream<String, byte[]>.processValues(...)}. */
    public static <T extends SpecificRecord> FixedKeyProcessorSupplier<String, byte[], Decoded<T>> processor(
            String stage, Class<T> type, Map<String, ?> serdeConfig) {
        Deserializer<T> deserializer = ReenactSerdes.forType(type, serdeConfig).deserializer();
        return processor(stage, deserializer);
    }

    public static <T> FixedKeyProcessorSupplier<String, byte[], Decoded<T>> processor(String stage, Deserializer<T> deserializer) {
        return () -> new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, Decoded<T>> context;

            @Override
            public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, byte[]> record) {
                var metadata = context.recordMetadata().orElse(null);
                String topic = metadata == null ? null : metadata.topic();
                Decoded<T> result = decode(stage, topic, record.headers(), record.key(), record.value(), deserializer,
                    metadata);
                context.forward(record.withValue(result));
            }
        };
    }

    /** Decodes one value; never throws for bad input. */
    public static <T> Decoded<T> decode(String stage, String topic, Headers headers,
                                        String key, byte[] value, Deserializer<T> deserializer,
                                        RecordMetadata metadata) {
        if (value == null || value.length == 0) {
            return Decoded.failed(DeadLetters.of(stage, metadata, key, value,
                DeadLetterReason.UNDECODABLE_RECORD.with(value == null ? "null value" : "empty value"), null));
        }
        try {
            T decoded = deserializer.deserialize(topic, headers, value);
            if (decoded == null) {
                return Decoded.failed(DeadLetters.of(stage, metadata, key, value,
                    DeadLetterReason.UNDECODABLE_RECORD.with("deserialiser returned null"), null));
            }
            return Decoded.ok(decoded);
        } catch (RuntimeException e) {
            return Decoded.failed(DeadLetters.of(stage, metadata, key, value,
                DeadLetterReason.UNDECODABLE_RECORD.with(e.getMessage()), e));
        }
    }
}
