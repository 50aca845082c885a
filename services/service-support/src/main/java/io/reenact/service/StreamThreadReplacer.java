package io.reenact.service;

import io.reenact.common.StageFailures;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * A stream thread that dies (a failed write, a bug on one record) is replaced instead of stopping the
 * service's Kafka Streams for good: its uncommitted input is processed again by the new thread, and
 * health shows DOWN for a while ({@link StageHealth}). Quarkus installs this bean before it starts Streams.
 */
@ApplicationScoped
public class StreamThreadReplacer implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StreamThreadReplacer.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.errorf(exception, "a stream thread failed; replacing it");
        StageFailures.recordThreadFailure(exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
