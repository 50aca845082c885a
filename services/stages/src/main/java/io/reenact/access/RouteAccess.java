package io.reenact.access;

import io.reenact.common.Grants;
import io.vertx.ext.web.RoutingContext;

/**
 * How a route shared by the services and {@code reenact up} learns who is calling: each server
 * authenticates in its own way (Quarkus security, Vert.x's JWT handler) before the route runs.
 */
@FunctionalInterface
public interface RouteAccess {

    /** The caller's grants; the server has already refused requests without a valid token. */
    Grants grants(RoutingContext ctx);

    /** Answers 403 and returns false when the caller does not own the stream. */
    default boolean mayUseStream(RoutingContext ctx, String streamId) {
        if (grants(ctx).mayUseStream(streamId)) {
            return true;
        }
        ctx.response().setStatusCode(403).end("this token does not own stream " + streamId);
        return false;
    }
}
