package io.reenact.cli;

import io.reenact.access.AccessTokens;
import io.reenact.access.CsrfGuard;
import io.reenact.access.LoginRoute;
import io.reenact.access.RouteAccess;
import io.reenact.avatar.AvatarUploads;
import io.reenact.common.Grants;
import io.reenact.common.StageFailures;
import io.reenact.common.StreamIds;
import io.reenact.egress.LiveViews;
import io.reenact.egress.MjpegRoute;
import io.reenact.egress.StreamRecordings;
import io.reenact.egress.ViewerPage;
import io.reenact.ingest.EncodedFrameIngest;
import io.reenact.ingest.FaceFraming;
import io.reenact.ingest.FrameSampler;
import io.reenact.ingest.PlayingSources;
import io.reenact.ingest.SourceFailedException;
import io.reenact.ingest.WebcamRoute;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpSources;
import io.reenact.stages.BadRecordException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Everything {@code reenact up} serves, on one port, at the services' own paths:
 * <pre>
 *   GET    /health                        UP (200) when every stage runs, DOWN (503) otherwise
 *   POST   /avatars                       multipart: file=... (images, or one video), id, name, k, fineTuneSteps
 *   GET    /avatars, /avatars/{id}        DELETE /avatars/{id}
 *   PUT    /sessions/{streamId}           {"avatarId": "...", "relative": false}; DELETE unbinds; GET /sessions
 *   PUT    /streams/{streamId}            {"source": "Megamind.avi"}: play a file (media folder) or URL
 *   GET    /streams                       DELETE /streams/{streamId}
 *   PUT    /streams/{streamId}/recording  DELETE finishes the MP4
 *   GET    /streams/{streamId}/mjpeg      the live output (?panel=driver|mask)
 *   GET    /webcam/                       the browser webcam page (WebSocket /webcam/ws/{streamId})
 *   GET    /                              the live viewer; /stats its figures
 *   GET    /login?token=T                 keeps the token as a cookie for the browser pages
 * </pre>
 * Everything but {@code /health} and {@code /login} needs the token ({@code Authorization: Bearer},
 * or the cookie): {@code <data-dir>/token}, made on first start, signed by a key pair kept beside it.
 */
final class LocalServer implements AutoCloseable {

    /** An enrolment upload: a few photos or a short video. */
    private static final long MAX_UPLOAD_BYTES = 200L * 1024 * 1024;

    /** How long the token {@code up} makes for its owner stays valid; a new one is made when it lapses. */
    private static final Duration LOCAL_TOKEN_VALIDITY = Duration.ofDays(365);

    private final Vertx vertx;
    private final HttpServer server;
    private final String token;

    private LocalServer(Vertx vertx, HttpServer server, String token) {
        this.vertx = vertx;
        this.server = server;
        this.token = token;
    }

    /** What the routes act on. */
    record Parts(LocalPipeline pipeline, LocalAvatars avatars, PlayingSources sources, EncodedFrameIngest ingest,
                 LiveViews views, StreamRecordings recordings, Path uploads) {
    }

    static LocalServer start(int port, Parts parts, Path dataDir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AccessTokens tokens = AccessTokens.fromKeyDir(vertx, dataDir.resolve("keys"));
            String token = localToken(tokens, dataDir.resolve("token"));
            Router router = Router.router(vertx);
            new Routes(parts, tokens).mount(router);
            HttpServerOptions options = new HttpServerOptions()
                    .setMaxWebSocketFrameSize(WebcamRoute.MAX_MESSAGE_BYTES)
                    .setMaxWebSocketMessageSize(WebcamRoute.MAX_MESSAGE_BYTES);
            HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen(port)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new LocalServer(vertx, server, token);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /** The owner's token: the one in {@code file} while it verifies, else a new one written there. */
    private static String localToken(AccessTokens tokens, Path file) throws Exception {
        if (Files.exists(file)) {
            String kept = Files.readString(file).trim();
            try {
                tokens.authenticate(kept).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return kept;
            } catch (java.util.concurrent.ExecutionException expiredOrForeign) {
                // lapsed, or signed by keys that were since replaced: make a new one
            }
        }
        String token = tokens.issue(Grants.everything("local"), LOCAL_TOKEN_VALIDITY);
        AccessTokens.writeOwnerOnly(file, token + "\n");
        return token;
    }

    int port() {
        return server.actualPort();
    }

    String token() {
        return token;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The handlers; the blocking ones (Kafka writes, decoding uploads, opening sources) run on workers. */
    private record Routes(Parts parts, AccessTokens tokens) implements RouteAccess {

        void mount(Router router) {
            router.get("/health").handler(this::health);
            LoginRoute.mount(router, this::valid);
            router.route().handler(CsrfGuard::handle);
            router.route().handler(ChainAuthHandler.any()
                    .add(JWTAuthHandler.create(tokens.provider()))
                    .add(SimpleAuthenticationHandler.create().authenticate(this::fromCookie)));
            router.route("/streams/:streamId").handler(this::ownsStream);
            router.route("/streams/:streamId/*").handler(this::ownsStream);
            router.route("/sessions/:streamId").handler(this::ownsStream);
            router.route("/avatars/:id").handler(ctx -> {
                if (grants(ctx).mayUseAvatar(ctx.pathParam("id"))) {
                    ctx.next();
                } else {
                    error(ctx, 403, "this token does not own avatar " + ctx.pathParam("id"));
                }
            });

            router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(io.vertx.core.buffer.Buffer.buffer(ViewerPage.html())));
            router.get("/stats").handler(ctx -> json(ctx, 200, parts.views().statsJson(grants(ctx)::mayUseStream)));

            router.post("/avatars").handler(BodyHandler.create(parts.uploads().toString())
                    .setBodyLimit(MAX_UPLOAD_BYTES).setDeleteUploadedFilesOnEnd(true));
            router.post("/avatars").blockingHandler(this::enrol, false);
            router.get("/avatars").handler(ctx -> json(ctx, 200, Json.encode(parts.avatars().list().stream()
                    .filter(a -> grants(ctx).mayUseAvatar(String.valueOf(a.get("avatarId")))).toList())));
            router.get("/avatars/:id").handler(ctx -> parts.avatars().get(ctx.pathParam("id"))
                    .ifPresentOrElse(a -> json(ctx, 200, Json.encode(a)),
                            () -> error(ctx, 404, "no avatar " + ctx.pathParam("id"))));
            router.delete("/avatars/:id").blockingHandler(this::deleteAvatar, false);

            router.get("/sessions").handler(ctx -> json(ctx, 200, Json.encode(parts.avatars().bindings().stream()
                    .filter(b -> grants(ctx).mayUseStream(String.valueOf(b.get("streamId")))).toList())));
            router.put("/sessions/:streamId").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
            router.put("/sessions/:streamId").blockingHandler(this::bind, false);
            router.delete("/sessions/:streamId").blockingHandler(this::unbind, false);

            router.get("/streams").handler(ctx -> json(ctx, 200, Json.encode(parts.sources().all().entrySet().stream()
                    .filter(e -> grants(ctx).mayUseStream(e.getKey())).map(e -> e.getValue().status()).toList())));
            router.put("/streams/:streamId/recording").handler(this::startRecording);
            router.delete("/streams/:streamId/recording").blockingHandler(this::stopRecording, false);
            router.put("/streams/:streamId").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
            router.put("/streams/:streamId").blockingHandler(this::play, false);
            router.delete("/streams/:streamId").blockingHandler(ctx -> {
                if (parts.sources().stop(ctx.pathParam("streamId"))) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    error(ctx, 404, "no source for stream " + ctx.pathParam("streamId"));
                }
            }, false);
            MjpegRoute.mount(router, parts.views(), this);

            WebcamRoute.mount(router, parts.ingest(), WebcamRoute.Counters.NONE, this);
            router.get("/webcam").handler(ctx -> {
                if (ctx.request().path().endsWith("/")) {
                    ctx.next(); // Vert.x matches "/webcam/" here too: that is the page itself
                } else {
                    ctx.redirect("/webcam/");
                }
            });
            router.get("/webcam/*").handler(StaticHandler.create("META-INF/resources/webcam").setCachingEnabled(false));
        }

        /** Browsers send the token as the cookie {@code /login} set. */
        private Future<User> fromCookie(RoutingContext ctx) {
            Cookie cookie = ctx.request().getCookie(AccessTokens.COOKIE);
            return cookie == null ? Future.failedFuture(new HttpException(401)) : tokens.authenticate(cookie.getValue());
        }

        private boolean valid(String token) {
            try {
                tokens.authenticate(token).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception invalid) {
                return false;
            }
        }

        @Override
        public Grants grants(RoutingContext ctx) {
            return AccessTokens.grants(ctx.user());
        }

        private void ownsStream(RoutingContext ctx) {
            if (mayUseStream(ctx, ctx.pathParam("streamId"))) {
                ctx.next();
            }
        }

        private void health(RoutingContext ctx) {
            boolean up = parts.pipeline().healthy();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            Map<String, String> stages = new LinkedHashMap<>();
            parts.pipeline().states().forEach((stage, state) -> stages.put(stage, state.name()));
            body.put("stages", stages);
            StageFailures.recent(System.currentTimeMillis()).ifPresent(f -> body.put("lastFailure", f.what()));
            json(ctx, up ? 200 : 503, Json.encode(body));
        }

        private void enrol(RoutingContext ctx) {
            List<FileUpload> files = ctx.fileUploads();
            if (files.isEmpty()) {
                error(ctx, 400, "upload images or one video as form field 'file'");
                return;
            }
            int k;
            int fineTuneSteps;
            try {
                k = Integer.parseInt(ctx.request().getFormAttribute("k") == null ? "" + WarpSources.ENROLLED : ctx.request().getFormAttribute("k"));
                String steps = ctx.request().getFormAttribute("fineTuneSteps");
                fineTuneSteps = steps == null ? 0 : Integer.parseInt(steps);
            } catch (NumberFormatException e) {
                error(ctx, 400, "k and fineTuneSteps are whole numbers");
                return;
            }
            if (k < 1 || k > AvatarUploads.MAX_K) {
                error(ctx, 400, "k must be 1.." + AvatarUploads.MAX_K);
                return;
            }
            if (fineTuneSteps < 0 || fineTuneSteps > AvatarUploads.MAX_FINE_TUNE_STEPS) {
                error(ctx, 400, "fineTuneSteps must be 0.." + AvatarUploads.MAX_FINE_TUNE_STEPS);
                return;
            }
            String id = ctx.request().getFormAttribute("id");
            String avatarId = id == null || id.isBlank() ? AvatarUploads.newId(grants(ctx)) : id;
            if (!AvatarUploads.ID.matcher(avatarId).matches()) {
                error(ctx, 400, "avatar id must match " + AvatarUploads.ID.pattern());
                return;
            }
            if (!grants(ctx).mayUseAvatar(avatarId)) {
                error(ctx, 403, "this token does not own avatar " + avatarId);
                return;
            }
            List<RgbImage> frames;
            try {
                int size = parts.pipeline().frameSize();
                FrameSampler sampler = new FrameSampler(k, () -> new FaceFraming(parts.pipeline().faces(), size));
                frames = AvatarUploads.frames(files.stream().map(f -> new AvatarUploads.Upload(f.fileName(),
                        f.contentType(), Path.of(f.uploadedFileName()))).toList(), sampler);
            } catch (BadRecordException | IOException e) {
                error(ctx, 422, "cannot read the upload: " + e.getMessage());
                return;
            }
            String name = ctx.request().getFormAttribute("name");
            String enrolmentId = UUID.randomUUID().toString();
            try {
                parts.avatars().enrol(avatarId, enrolmentId, name == null || name.isBlank() ? avatarId : name, frames,
                        fineTuneSteps);
            } catch (Exception e) {
                error(ctx, 503, "could not write the enrolment: " + e.getMessage());
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("avatarId", avatarId);
            body.put("enrolmentId", enrolmentId);
            body.put("frames", frames.size());
            body.put("fineTuneSteps", fineTuneSteps);
            ctx.response().putHeader("Location", "/avatars/" + avatarId);
            json(ctx, 202, Json.encode(body));
        }

        private void deleteAvatar(RoutingContext ctx) {
            String id = ctx.pathParam("id");
            if (parts.avatars().get(id).isEmpty()) {
                error(ctx, 404, "no avatar " + id);
                return;
            }
            try {
                parts.avatars().delete(id);
                json(ctx, 202, Json.encode(Map.of("avatarId", id, "deleted", true)));
            } catch (Exception e) {
                error(ctx, 503, "could not delete: " + e.getMessage());
            }
        }

        private void bind(RoutingContext ctx) {
            String streamId = ctx.pathParam("streamId");
            JsonObject body = jsonBody(ctx);
            if (body == null || body.getString("avatarId") == null) {
                error(ctx, 400, "a JSON body {\"avatarId\": ...} is required");
                return;
            }
            if (!StreamIds.valid(streamId)) {
                error(ctx, 400, StreamIds.RULE);
                return;
            }
            String avatarId = body.getString("avatarId");
            if (!grants(ctx).mayUseAvatar(avatarId)) {
                error(ctx, 403, "this token does not own avatar " + avatarId);
                return;
            }
            if (parts.avatars().get(avatarId).isEmpty() && !body.getBoolean("force", false)) {
                error(ctx, 404, "no avatar " + avatarId + " (pass \"force\": true to bind ahead of enrolment)");
                return;
            }
            boolean relative = body.getBoolean("relative", false);
            try {
                parts.avatars().bind(streamId, avatarId, relative);
                json(ctx, 200, Json.encode(Map.of("streamId", streamId, "avatarId", avatarId, "relative", relative)));
            } catch (Exception e) {
                error(ctx, 503, "could not write the binding: " + e.getMessage());
            }
        }

        private void unbind(RoutingContext ctx) {
            try {
                parts.avatars().unbind(ctx.pathParam("streamId"));
                ctx.response().setStatusCode(204).end();
            } catch (Exception e) {
                error(ctx, 503, "could not write the unbinding: " + e.getMessage());
            }
        }

        private void play(RoutingContext ctx) {
            String streamId = ctx.pathParam("streamId");
            JsonObject body = jsonBody(ctx);
            if (body == null) {
                error(ctx, 400, "a JSON body {\"source\": ...} is required");
                return;
            }
            if (!StreamIds.valid(streamId)) {
                error(ctx, 400, StreamIds.RULE);
                return;
            }
            PlayingSources.Request request = new PlayingSources.Request(body.getString("source"),
                    body.getBoolean("realTime"), body.getLong("maxFrames"));
            try {
                json(ctx, 200, Json.encode(parts.sources().start(streamId, request).status()));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
            } catch (SourceFailedException e) {
                error(ctx, 422, e.getMessage());
            } catch (IOException e) {
                error(ctx, 500, e.getMessage());
            }
        }

        private void startRecording(RoutingContext ctx) {
            if (!StreamIds.valid(ctx.pathParam("streamId"))) {
                error(ctx, 400, StreamIds.RULE);
                return;
            }
            if (parts.recordings() == null) {
                error(ctx, 409, "recording is off: start with --recordings DIR");
                return;
            }
            StreamRecordings.Recording r = parts.recordings().start(ctx.pathParam("streamId"));
            json(ctx, 200, Json.encode(Map.of("streamId", r.streamId(), "file", r.file().toString(), "recording", true)));
        }

        private void stopRecording(RoutingContext ctx) {
            String streamId = ctx.pathParam("streamId");
            try {
                var done = parts.recordings() == null ? java.util.Optional.<StreamRecordings.Recording>empty()
                        : parts.recordings().stop(streamId);
                done.ifPresentOrElse(r -> json(ctx, 200, Json.encode(Map.of("streamId", streamId,
                                "file", r.file().toString(), "frames", r.frames()))),
                        () -> error(ctx, 404, "stream " + streamId + " is not being recorded"));
            } catch (IOException e) {
                error(ctx, 500, e.getMessage());
            }
        }

        private static JsonObject jsonBody(RoutingContext ctx) {
            try {
                return ctx.body().asJsonObject();
            } catch (RuntimeException notJson) {
                return null;
            }
        }

        private static void json(RoutingContext ctx, int status, String body) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        }

        private static void error(RoutingContext ctx, int status, String message) {
            json(ctx, status, new JsonObject().put("error", message).encode());
        }
    }
}
