package io.reenact.common;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline on the serde calls that can wait for the schema registry. Apicurio's client (3.1, on
 * Vert.x) waits for an answer without a time limit, and now and then the answer never completes the
 * call: in {@code LiveRegistryTest} a deserializer waited for ever on a request the registry had logged
 * as answered (200), with nothing left unread on the socket. On a stream thread that would stop a stage
 * for good, without an error. So the first call for each schema (the one that asks the registry; later
 * ones read the serde's cache) runs on a thread of its own and is given up and sent again after the
 * deadline. When every try times out the call fails with a {@link SerializationException}: a record
 * being read is dead-lettered like any record a stage cannot read, and a failed write replaces the stream
 * thread, which reads its input again.
 */
final class RegistryDeadline {

    /** Milliseconds a registry call may take before it is tried again; default 30,000. */
    static final String TIMEOUT_MS = "reenact.registry.timeout-ms";
    static final int TRIES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryDeadline.class);

    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "registry-call");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeout;
    /** Schemas (by id when reading, by topic when writing) a call has already resolved. */
    private final Set<Object> resolved = ConcurrentHashMap.newKeySet();

    RegistryDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    static RegistryDeadline from(Map<String, ?> config) {
        Object ms = config.get(TIMEOUT_MS);
        return new RegistryDeadline(Duration.ofMillis(ms == null ? 30_000 : Long.parseLong(ms.toString())));
    }

    <T> T call(Object schema, Supplier<T> call) {
        if (resolved.contains(schema)) {
            return call.get();
        }
        for (int attempt = 1; ; attempt++) {
            Future<T> pending = CALLS.submit(call::get);
            try {
                T result = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                resolved.add(schema);
                return result;
            } catch (TimeoutException e) {
                pending.cancel(true);
                LOG.warn("the schema registry did not answer within {} ms (try {} of {})", timeout.toMillis(), attempt, TRIES);
                if (attempt == TRIES) {
                    throw new SerializationException("the schema registry did not answer within " + timeout.toMillis()
                            + " ms, " + TRIES + " times");
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new SerializationException(e.getCause());
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new SerializationException("interrupted while waiting for the schema registry", e);
            }
        }
    }

    <T> Serializer<T> serializer(Serializer<T> inner) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, T data) {
                return call(topic, () -> inner.serialize(topic, data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                return call(topic, () -> inner.serialize(topic, headers, data));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    <T> Deserializer<T> deserializer(Deserializer<T> inner) {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                return call(schemaId(data), () -> inner.deserialize(topic, data));
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                return call(schemaId(data), () -> inner.deserialize(topic, headers, data));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** The wire format's schema id (magic byte, then 4 bytes); a record too short to carry one asks no registry. */
    private static Object schemaId(byte[] data) {
        if (data == null || data.length < 5) {
            return "none";
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
