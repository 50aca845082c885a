package io.reenact.service;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Lets a WebSocket message carry one camera frame: a 640x480 JPEG is 30–80 KB, and Vert.x closes
 * a socket on a frame over its 64 KB default.
 */
@Singleton
public class WebSocketLimits implements HttpServerOptionsCustomizer {

    static final int MAX_MESSAGE_BYTES = io.reenact.ingest.WebcamRoute.MAX_MESSAGE_BYTES;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
    }
}
