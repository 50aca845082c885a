package io.reenact.service;

import io.reenact.egress.LiveViews;
import io.reenact.egress.MjpegRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Mounts {@link MjpegRoute} on the service's HTTP router. */
@ApplicationScoped
public class MjpegRoutes {

    @Inject
    LiveViews views;
    @Inject
    AccessRoutes access;

    void register(@Observes Router router) {
        MjpegRoute.mount(router, views, access);
    }
}
