package io.reenact.service;

import io.reenact.avatar.AvatarUploads;
import io.reenact.common.StreamIds;
import io.reenact.ingest.FrameSampler;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpSources;
import io.reenact.stages.BadRecordException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Avatars and session bindings.
 * <pre>
 *   POST   /avatars              multipart: file=... (images, or one video), id, name, k, fineTuneSteps
 *   GET    /avatars              every enrolled avatar
 *   GET    /avatars/{id}
 *   DELETE /avatars/{id}         tombstone on the compacted avatars topic
 *   PUT    /sessions/{streamId}  {"avatarId": "..."}: stream {streamId} now animates that avatar
 *   DELETE /sessions/{streamId}
 * </pre>
 * Enrolment is asynchronous: the frames go to enrolment-frames and the avatar appears in GET
 * /avatars once the enrol stage has encoded (and, if asked, fine-tuned) it.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AvatarResource {

    private static final Pattern ID = AvatarUploads.ID;
    private static final int MAX_K = AvatarUploads.MAX_K;

    @Inject
    AvatarRecords records;

    @Inject
    AvatarDirectory directory;

    @Inject
    Caller caller;

    @ConfigProperty(name = "reenact.avatar.frame-size", defaultValue = "128")
    int frameSize;

    /** Session bindings are written for avatars this instance has not seen yet only when asked to. */
    public record BindRequest(String avatarId, Boolean force, Boolean relative) {
    }

    @POST
    @Path("avatars")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response enrol(@RestForm("file") List<FileUpload> files, @RestForm String id, @RestForm String name,
                          @RestForm @DefaultValue("" + WarpSources.ENROLLED) int k, @RestForm @DefaultValue("0") int fineTuneSteps)
            throws Exception {
        if (files == null || files.isEmpty()) {
            return error(400, "upload images or one video as form field 'file'");
        }
        if (k < 1 || k > MAX_K) {
            return error(400, "k must be 1.." + MAX_K);
        }
        if (fineTuneSteps < 0 || fineTuneSteps > AvatarUploads.MAX_FINE_TUNE_STEPS) {
            return error(400, "fineTuneSteps must be 0.." + AvatarUploads.MAX_FINE_TUNE_STEPS);
        }
        String avatarId = id == null || id.isBlank() ? AvatarUploads.newId(caller.grants()) : id;
        if (!ID.matcher(avatarId).matches()) {
            return error(400, "avatar id must match " + ID.pattern());
        }
        if (!caller.grants().mayUseAvatar(avatarId)) {
            return notOwned("avatar", avatarId);
        }
        List<RgbImage> frames;
        try {
            frames = sample(files, k);
        } catch (BadRecordException | IOException e) {
            return error(422, "cannot read the upload: " + e.getMessage());
        }
        String enrolmentId = UUID.randomUUID().toString();
        records.enrol(avatarId, enrolmentId, name == null || name.isBlank() ? avatarId : name, frames, fineTuneSteps);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("avatarId", avatarId);
        body.put("enrolmentId", enrolmentId);
        body.put("frames", frames.size());
        body.put("fineTuneSteps", fineTuneSteps);
        return Response.accepted(body).header("Location", "/avatars/" + avatarId).build();
    }

    private List<RgbImage> sample(List<FileUpload> files, int k) throws IOException {
        List<AvatarUploads.Upload> uploads = files.stream()
                .map(f -> new AvatarUploads.Upload(f.fileName(), f.contentType(), f.uploadedFile())).toList();
        return AvatarUploads.frames(uploads, new FrameSampler(k, frameSize));
    }

    @GET
    @Path("avatars")
    public List<Map<String, Object>> list() {
        var grants = caller.grants();
        return directory.list().stream().filter(a -> grants.mayUseAvatar((String) a.get("avatarId"))).toList();
    }

    @GET
    @Path("avatars/{id}")
    public Response get(@PathParam("id") String id) {
        if (!caller.grants().mayUseAvatar(id)) {
            return notOwned("avatar", id);
        }
        return directory.get(id).map(a -> Response.ok(a).build()).orElseGet(() -> error(404, "no avatar " + id));
    }

    @DELETE
    @Path("avatars/{id}")
    public Response delete(@PathParam("id") String id) throws Exception {
        if (!caller.grants().mayUseAvatar(id)) {
            return notOwned("avatar", id);
        }
        var avatar = directory.get(id);
        if (avatar.isEmpty()) {
            return error(404, "no avatar " + id);
        }
        records.deleteAvatar(id, (String) avatar.get().get("weightsSha256"));
        return Response.accepted(Map.of("avatarId", id, "deleted", true)).build();
    }

    @PUT
    @Path("sessions/{streamId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bind(@PathParam("streamId") String streamId, BindRequest request) throws Exception {
        if (!StreamIds.valid(streamId)) {
            return error(400, StreamIds.RULE);
        }
        if (request == null || request.avatarId() == null) {
            return error(400, "a JSON body {\"avatarId\": ...} is required");
        }
        if (!caller.grants().mayUseStream(streamId)) {
            return notOwned("stream", streamId);
        }
        if (!caller.grants().mayUseAvatar(request.avatarId())) {
            return notOwned("avatar", request.avatarId());
        }
        if (directory.get(request.avatarId()).isEmpty() && !Boolean.TRUE.equals(request.force())) {
            // the generator would dead-letter every frame of the stream: refuse early (force: the
            // avatar is being enrolled right now)
            return error(404, "no avatar " + request.avatarId() + " (pass \"force\": true to bind ahead of enrolment)");
        }
        boolean relative = Boolean.TRUE.equals(request.relative());
        records.bind(streamId, request.avatarId(), relative);
        return Response.ok(Map.of("streamId", streamId, "avatarId", request.avatarId(), "relative", relative)).build();
    }

    @DELETE
    @Path("sessions/{streamId}")
    public Response unbind(@PathParam("streamId") String streamId) throws Exception {
        if (!caller.grants().mayUseStream(streamId)) {
            return notOwned("stream", streamId);
        }
        records.unbind(streamId);
        return Response.noContent().build();
    }

    /** Checked before existence, so another owner's ids do not leak through 404s. */
    private static Response notOwned(String kind, String id) {
        return error(403, "this token does not own " + kind + " " + id);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
