package io.reenact.service;

import io.reenact.common.StreamIds;
import io.reenact.egress.StreamRecordings;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.Map;

/**
 * MP4 recording of an output stream (driver | reenacted) into the recordings directory.
 * <pre>
 *   PUT    /streams/{id}/recording   start (from the next frame)
 *   DELETE /streams/{id}/recording   finish the file; answers its name and frame count
 * </pre>
 */
@Path("/streams/{streamId}/recording")
@Produces(MediaType.APPLICATION_JSON)
public class RecordingResource {

    @Inject
    StreamRecordings recordings;

    @Inject
    Caller caller;

    @PUT
    public Response start(@PathParam("streamId") String streamId) {
        if (!StreamIds.valid(streamId)) {
            return Response.status(400).entity(Map.of("error", StreamIds.RULE)).type(MediaType.APPLICATION_JSON).build();
        }
        if (!caller.grants().mayUseStream(streamId)) {
            return notOwned(streamId);
        }
        StreamRecordings.Recording r = recordings.start(streamId);
        return Response.ok(Map.of("streamId", streamId, "file", r.file().toString(), "recording", true)).build();
    }

    @DELETE
    public Response stop(@PathParam("streamId") String streamId) throws IOException {
        if (!caller.grants().mayUseStream(streamId)) {
            return notOwned(streamId);
        }
        return recordings.stop(streamId)
                .map(r -> Response.ok(Map.of("streamId", streamId, "file", r.file().toString(), "frames", r.frames())).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "stream " + streamId + " is not being recorded"))
                        .type(MediaType.APPLICATION_JSON).build());
    }

    private static Response notOwned(String streamId) {
        return Response.status(403).entity(Map.of("error", "this token does not own stream " + streamId))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
