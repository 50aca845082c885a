package io.reenact.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.reenact.ingest.EncodedFrameIngest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * {@code ws://host/webcam/ws/{streamId}}: the webcam page ({@code /webcam/}) sends one binary JPEG
 * message per camera frame; each becomes a DriverFrame of stream {@code streamId}, or a dead letter
 * when it does not decode.
 *
 * <p>Frames are decoded off the event loop, one worker per connection so a stream keeps its order.
 * Its queue is short and full means dropped: a client sending faster than the server decodes gets
 * fewer, fresh frames instead of a growing delay. A Vert.x route rather than a WebSocket extension,
 * because Vert.x is already what serves HTTP here.
 */
@ApplicationScoped
public class WebcamSocket {

    private static final Logger LOG = LoggerFactory.getLogger(WebcamSocket.class);
    static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Frames waiting for the decoder of one connection before new ones are dropped. */
    private static final int QUEUED_FRAMES = 4;

    @Inject
    IngestSources sources;
    @Inject
    MeterRegistry registry;

    void register(@Observes Router router) {
        router.get("/webcam/ws/:streamId").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String streamId = ctx.pathParam("streamId");
        if (streamId == null || !STREAM_ID.matcher(streamId).matches()) {
            ctx.response().setStatusCode(400).end("a stream id is 1 to 64 of A-Z a-z 0-9 . _ -");
            return;
        }
        ctx.request().toWebSocket()
                .onSuccess(socket -> attach(streamId, socket))
                .onFailure(e -> LOG.warn("webcam stream {}: WebSocket upgrade failed: {}", streamId, e.getMessage()));
    }

    private void attach(String streamId, ServerWebSocket socket) {
        EncodedFrameIngest.ClientStream stream = sources.encodedFrames().open(streamId);
        var published = registry.counter("reenact.ingest.frames.published", "stream", streamId);
        var rejected = registry.counter("reenact.ingest.frames.rejected", "stream", streamId);
        AtomicLong dropped = new AtomicLong();
        ThreadPoolExecutor decoder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_FRAMES), r -> {
                    Thread t = new Thread(r, "webcam-" + streamId);
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> dropped.incrementAndGet());
        LOG.info("webcam stream {} connected from {}", streamId, socket.remoteAddress());
        socket.binaryMessageHandler(buffer -> {
            byte[] jpeg = buffer.getBytes();
            decoder.execute(() -> {
                if (stream.accept(jpeg)) {
                    published.increment();
                } else {
                    rejected.increment();
                }
            });
        });
        socket.textMessageHandler(text -> socket.close((short) 1003, "send frames as binary JPEG messages"));
        socket.closeHandler(v -> {
            decoder.shutdown();
            LOG.info("webcam stream {} closed: {} frames published, {} rejected, {} dropped", streamId,
                    stream.published(), stream.rejected(), dropped.get());
        });
    }
}
