package io.reenact.stages;

import io.reenact.common.DeadLetterReason;
import io.reenact.common.DeadLetters;
import io.reenact.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of every stage's processor: reads raw bytes, lets the stage turn them into an output
 * value, and turns anything the stage refuses into a dead letter carrying the source topic,
 * partition, offset and the exact original bytes. The stream goes on with the next record.
 *
 * <p>Why decode here rather than with Kafka Streams' exception handlers: a processor sees
 * {@link ProcessorContext#recordMetadata()} and the original bytes for every kind of failure
 * (Avro, image, dimensions, lookups, the network), and sends the dead letter through the task's own
 * producer, committed with the same offsets as the good records (and in the same transaction under
 * exactly-once). The handlers see only deserialisation or processing exceptions and would need a
 * producer of their own.
 *
 * <p>Records are processed one at a time on the stream thread of their partition, so per-stream
 * order (one stream id, one partition) is the order in which outputs are written.
 */
public abstract class StageProcessor<T> implements Processor<String, byte[], String, Outcome<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(StageProcessor.class);

    protected final String stage;
    protected final StageOptions options;
    private ProcessorContext<String, Outcome<T>> context;

    protected StageProcessor(String stage, StageOptions options) {
        this.stage = stage;
        this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<T>> context) {
        this.context = context;
    }

    protected ProcessorContext<String, Outcome<T>> context() {
        return context;
    }

    /** The topic the current record came from ("unknown" when the record was not read from one). */
    protected String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
    }

    /**
     * Turns one input record into an outcome, or {@code null} when the frame was dropped (late)
     * or is held (enrolment collecting frames). Throws {@link BadRecordException} for bad input.
     */
    protected abstract Outcome<T> handle(Record<String, byte[]> record, long receivedMs);

    @Override
    public final void process(Record<String, byte[]> record) {
        options.metrics().received(stage);
        long receivedMs = options.clock().nowMs();
        long startNanos = System.nanoTime();
        Outcome<T> outcome;
        try {
            outcome = handle(record, receivedMs);
        } catch (BadRecordException e) {
            outcome = Outcome.rejected(deadLetter(record, e.reason(), e));
        } catch (RuntimeException e) {
            // The network or a codec failed on this record: it goes to the dead letters like any
            // bad input, so one poisonous frame cannot stop a live stream.
            LOG.warn("{}: processing failed at {}: {}", stage, where(), e.toString());
            outcome = Outcome.rejected(deadLetter(record, DeadLetterReason.PROCESSING_FAILED.with(e.toString()), e));
        }
        if (outcome == null) {
            return;
        }
        if (outcome.ok()) {
            long processingMicros = (System.nanoTime() - startNanos) / 1000;
            long endToEnd = outcome.captureTimeMs() > 0 ? options.clock().nowMs() - outcome.captureTimeMs() : 0;
            options.metrics().emitted(stage, processingMicros, outcome.modelMicros(), endToEnd);
            context.forward(new Record<>(outcome.key(), outcome, record.timestamp()));
        } else {
            options.metrics().deadLettered(stage, outcome.deadLetter().getReason());
            context.forward(new Record<>(record.key(), outcome, record.timestamp()));
        }
    }

    /** True (and counted) when the frame is older than the deadline: it is dropped, not processed. */
    protected boolean late(long captureTimeMs, long nowMs) {
        if (nowMs - captureTimeMs > options.deadline().toMillis()) {
            options.metrics().dropped(stage);
            return true;
        }
        return false;
    }

    protected DeadLetter deadLetter(Record<String, byte[]> record, String reason, Throwable error) {
        return DeadLetters.of(stage, context.recordMetadata().orElse(null), record.key(), record.value(), reason, error);
    }

    private String where() {
        return context.recordMetadata().map(md -> md.topic() + "-" + md.partition() + "@" + md.offset()).orElse("?");
    }

    /** The bytes of an Avro {@code bytes} field, without disturbing the buffer's position. */
    public static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    protected static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1000;
    }
}
