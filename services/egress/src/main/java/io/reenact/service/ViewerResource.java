package io.reenact.service;

import io.reenact.egress.LiveViews;
import io.reenact.egress.ViewerPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The live viewer page and the figures it polls. The pictures come from {@link MjpegRoutes}. */
@Path("/")
public class ViewerResource {

    @Inject
    LiveViews views;

    @Inject
    Caller caller;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public byte[] page() {
        return ViewerPage.html();
    }

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public String stats() {
        var grants = caller.grants();
        return views.statsJson(grants::mayUseStream);
    }
}
