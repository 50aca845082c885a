package io.reenact.egress;

import io.reenact.access.RouteAccess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /streams/{id}/mjpeg?panel=reenacted|driver|mask}: an endless multipart response, one
 * part per frame, on a Vert.x route (the egress service and {@code reenact up} both mount it) because
 * the response never ends and every part must be flushed as it is written.
 */
public final class MjpegRoute {

    /** A client that cannot take a frame within this time is treated as gone. */
    private static final long WRITE_TIMEOUT_MS = 5_000;

    private final LiveViews views;
    private final RouteAccess access;

    private MjpegRoute(LiveViews views, RouteAccess access) {
        this.views = views;
        this.access = access;
    }

    public static void mount(Router router, LiveViews views, RouteAccess access) {
        // blocking, unordered: each client holds a worker thread while it watches
        router.get("/streams/:id/mjpeg").blockingHandler(new MjpegRoute(views, access)::serve, false);
    }

    private void serve(RoutingContext ctx) {
        if (!access.mayUseStream(ctx, ctx.pathParam("id"))) {
            return;
        }
        String panel = ctx.request().getParam("panel", "reenacted");
        MjpegStream stream;
        try {
            stream = views.view(ctx.pathParam("id")).panel(panel);
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(e.getMessage());
            return;
        }
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", MjpegStream.CONTENT_TYPE)
                .putHeader("Cache-Control", "no-cache, no-store");
        try {
            stream.serve(new ResponseStream(response));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }

    /** Collects one part and writes it to the response on flush, waiting until it was sent. */
    private static final class ResponseStream extends OutputStream {
        private final HttpServerResponse response;
        private Buffer pending = Buffer.buffer();

        ResponseStream(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) {
            pending.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.appendBytes(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (response.closed()) {
                throw new IOException("client gone");
            }
            Buffer part = pending;
            pending = Buffer.buffer();
            try {
                response.write(part).toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("client gone", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
