package io.reenact.common;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A stage's write to a topic failed for good (the producer's own retries are spent): said loudly,
 * recorded in {@link StageFailures} so the stage's health goes DOWN, and answered FAIL. Skipping the
 * record would lose a frame without a trace; failing the stream thread leaves its input uncommitted,
 * so the thread that replaces it (the stages' uncaught-exception handler answers REPLACE_THREAD)
 * processes that input again.
 */
public final class WriteFailureHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WriteFailureHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        String what = "could not write to " + record.topic() + " (processor " + context.processorNodeId()
                + ", input " + context.topic() + "-" + context.partition() + "@" + context.offset() + "): " + exception;
        LOG.error("{}; the stream thread stops and is replaced, its input is processed again", what);
        StageFailures.recordWriteFailure(what);
        return ProductionExceptionHandlerResponse.FAIL;
    }
}
