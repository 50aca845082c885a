package io.reenact.ingest;

import io.reenact.access.RouteAccess;
import io.reenact.common.StreamIds;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ws://host/webcam/ws/{streamId}}: the webcam page ({@code /webcam/}) sends one binary JPEG
 * message per camera frame; each becomes a DriverFrame of stream {@code streamId}, or a dead letter
 * when it does not decode. The ingest service and {@code reenact up} both mount it.
 *
 * <p>Frames are decoded off the event loop, one worker per connection so a stream keeps its order.
 * Its queue is short and full means dropped: a client sending faster than the server decodes gets
 * fewer, fresh frames instead of a growing delay.
 */
public final class WebcamRoute {

    /** What a server counts per stream (the ingest service: Micrometer counters). */
    public interface Counters {
        void published(String streamId);

        void rejected(String streamId);

        Counters NONE = new Counters() {
            @Override
            public void published(String streamId) {
            }

            @Override
            public void rejected(String streamId) {
            }
        };
    }

    /** Open webcam connections one server takes; more are refused with 503 rather than starving the rest. */
    public static final int MAX_CONNECTIONS = 32;

    /** A camera frame is one message: a 640x480 JPEG is 30–80 KB, over Vert.x's 64 KB default. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebcamRoute.class);
    /** Frames waiting for the decoder of one connection before new ones are dropped. */
    private static final int QUEUED_FRAMES = 4;

    private final EncodedFrameIngest ingest;
    private final Counters counters;
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    private final RouteAccess access;

    private WebcamRoute(EncodedFrameIngest ingest, Counters counters, RouteAccess access) {
        this.ingest = ingest;
        this.counters = counters;
        this.access = access;
    }

    public static void mount(Router router, EncodedFrameIngest ingest, Counters counters, RouteAccess access) {
        router.get("/webcam/ws/:streamId").handler(new WebcamRoute(ingest, counters, access)::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        String streamId = ctx.pathParam("streamId");
        if (!StreamIds.valid(streamId)) {
            ctx.response().setStatusCode(400).end(StreamIds.RULE);
            return;
        }
        if (!access.mayUseStream(ctx, streamId)) {
            return;
        }
        if (!sameOrigin(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
            // a page of another site must not drive a stream from a visitor's browser
            ctx.response().setStatusCode(403).end("the webcam socket takes connections from this server's own page only");
            return;
        }
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
            open.decrementAndGet();
            ctx.response().setStatusCode(503).end("too many webcam connections (" + MAX_CONNECTIONS + ")");
            return;
        }
        ctx.request().toWebSocket()
                .onSuccess(socket -> attach(streamId, socket))
                .onFailure(e -> {
                    open.decrementAndGet();
                    LOG.warn("webcam stream {}: WebSocket upgrade failed: {}", streamId, e.getMessage());
                });
    }

    /** No Origin (a native client, not a browser) or one whose host:port is the Host it asked for. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        try {
            java.net.URI uri = java.net.URI.create(origin);
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private void attach(String streamId, ServerWebSocket socket) {
        EncodedFrameIngest.ClientStream stream = ingest.open(streamId);
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
                    counters.published(streamId);
                } else {
                    counters.rejected(streamId);
                }
            });
        });
        socket.textMessageHandler(text -> socket.close((short) 1003, "send frames as binary JPEG messages"));
        socket.closeHandler(v -> {
            open.decrementAndGet();
            decoder.shutdown();
            LOG.info("webcam stream {} closed: {} frames published, {} rejected, {} dropped", streamId,
                    stream.published(), stream.rejected(), dropped.get());
        });
    }
}
