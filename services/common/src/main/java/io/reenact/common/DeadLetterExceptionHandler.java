package io.reenact.common;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reenact.schema.DeadLetter;

/**
 * The safety net behind the in-topology {@link Decoding}: a record whose typed deserialiser or whose
 * processing throws becomes a DeadLetter (source position, reason, original bytes from the error
 * context) and the stream goes on. Kafka Streams 4.1 has no built-in dead-letter queue (KIP-1034's
 * {@code errors.dead.letter.queue.topic.name} arrives in a later release), so this handler publishes
 * with its own producer, one per bootstrap address, shared by every task of the application. That
 * send is outside any Streams transaction: at-least-once, which is what a dead letter needs.
 */
public final class DeadLetterExceptionHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Where the dead letters go; default {@link Topics#DEAD_LETTERS}. */
    public static final String TOPIC = "reenact.dead-letter.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
    private static final Map<String, Producer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private String stage = "unknown";
    private String topic = Topics.DEAD_LETTERS;
    private String bootstrap;
    private Serializer<DeadLetter> serializer;
    private Map<String, ?> serdeConfig = Map.of();

    @Override
    public void configure(Map<String, ?> configs) {
        Object app = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        stage = app == null ? "unknown" : app.toString();
        Object t = configs.get(TOPIC);
        topic = t == null ? Topics.DEAD_LETTERS : t.toString();
        Object b = configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        bootstrap = b instanceof java.util.List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
            : Objects.toString(b, null);
        serdeConfig = configs;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        publish(DeadLetters.of(stage, record.topic(), record.partition(), record.offset(), record.key(), record.value(),
            DeadLetterReason.UNDECODABLE_RECORD.with(exception.getMessage()), exception));
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isEarlierWriteFailure(exception)) {
            // not this record's fault: an earlier record's output was refused (see WriteFailureHandler)
            // and Streams reports it on the next send. Continuing would commit past the lost output;
            // failing lets the replacement thread process that input again.
            return ProcessingHandlerResponse.FAIL;
        }
        publish(DeadLetters.of(stage, context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
            context.sourceRawValue(), DeadLetterReason.PROCESSING_FAILED.with(exception.getMessage()), exception));
        return ProcessingHandlerResponse.CONTINUE;
    }

    /** Streams raises an asynchronous send failure from the next record's processing, as this exception. */
    static boolean isEarlierWriteFailure(Exception exception) {
        return exception instanceof org.apache.kafka.streams.errors.StreamsException
                && exception.getMessage() != null && exception.getMessage().contains("Error encountered sending record");
    }

    private void publish(DeadLetter letter) {
        LOG.warn("dead letter from {} {}-{}@{}: {}", letter.getStage(), letter.getSourceTopic(), letter.getPartition(),
            letter.getOffset(), letter.getReason());
        if (bootstrap == null) {
            LOG.error("no bootstrap.servers configured; dead letter only logged");
            return;
        }
        // a failing dead-letter path (registry away, broker away) must not stop the stream either
        try {
            byte[] value = serializer().serialize(topic, letter);
            byte[] key = DeadLetters.key(letter);
            producer(bootstrap, serdeConfig).send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                if (e != null) {
                    LOG.error("could not publish a dead letter to {}: {}", topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("could not publish a dead letter to {}: {}", topic, e.toString());
        }
    }

    /** Dead letters are encoded like every other record of the application (same {@code reenact.serde}). */
    private synchronized Serializer<DeadLetter> serializer() {
        if (serializer == null) {
            serializer = ReenactSerdes.forType(DeadLetter.class, serdeConfig).serializer();
        }
        return serializer;
    }

    private static Producer<byte[], byte[]> producer(String bootstrap, Map<String, ?> streamsConfig) {
        return PRODUCERS.computeIfAbsent(bootstrap, b -> {
            var p = ClientSettings.producer(b);
            // the stage's own TLS/SASL settings, however they reached it (Quarkus config, the settings file)
            p.putAll(KafkaClientConfig.security(streamsConfig));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "reenact-dead-letters");
            // never hold a stream thread for long when the broker is away
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            return new KafkaProducer<>(p);
        });
    }

    /** Flushes and closes the shared producers (at application shutdown). */
    public static void closeAll() {
        PRODUCERS.values().forEach(Producer::close);
        PRODUCERS.clear();
    }
}
