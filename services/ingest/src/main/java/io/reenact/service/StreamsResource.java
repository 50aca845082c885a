package io.reenact.service;

import io.reenact.common.StreamIds;
import io.reenact.ingest.PlayingSources;

import io.reenact.ingest.SourceFailedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Start and stop driver sources by stream id.
 * <pre>
 *   PUT    /streams/{id}   {"source": "rtsp://cam/1"}   play a file or URL as stream {id}
 *   GET    /streams                                    what is playing (frames, errors)
 *   DELETE /streams/{id}                               stop it
 * </pre>
 */
@Path("/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

    @Inject
    IngestSources sources;

    @Inject
    Caller caller;

    @PUT
    @Path("{streamId}")
    public Response start(@PathParam("streamId") String streamId, PlayingSources.Request request) {
        if (request == null) {
            return error(400, "a JSON body {\"source\": ...} is required");
        }
        if (!StreamIds.valid(streamId)) {
            return error(400, StreamIds.RULE);
        }
        if (!caller.grants().mayUseStream(streamId)) {
            return error(403, "this token does not own stream " + streamId);
        }
        try {
            return Response.ok(sources.sources().start(streamId, request).status()).build();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (SourceFailedException e) {
            // the source itself is unreachable or unreadable: the client named something we cannot play
            return error(422, e.getMessage());
        } catch (IOException e) {
            return error(500, e.getMessage());
        }
    }

    @GET
    public List<Map<String, Object>> list() {
        var grants = caller.grants();
        return sources.sources().all().entrySet().stream().filter(e -> grants.mayUseStream(e.getKey()))
                .map(e -> e.getValue().status()).toList();
    }

    @DELETE
    @Path("{streamId}")
    public Response stop(@PathParam("streamId") String streamId) {
        if (!caller.grants().mayUseStream(streamId)) {
            return error(403, "this token does not own stream " + streamId);
        }
        return sources.sources().stop(streamId) ? Response.noContent().build() : error(404, "no source for stream " + streamId);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
