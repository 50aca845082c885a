package io.reenact.cli;

import io.reenact.egress.Compositor;
import io.reenact.egress.LiveOutputs;
import io.reenact.egress.LiveViews;
import io.reenact.egress.StreamRecordings;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.EncodedFrameIngest;
import io.reenact.ingest.FaceFraming;
import io.reenact.ingest.PlayingSources;
import io.reenact.ingest.ReconnectPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code reenact up}: the whole pipeline, long-running, on one port, until Ctrl-C. The broker keeps
 * its records in {@code --data-dir}, so avatars and bindings (compacted topics) survive a restart.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Runs the pipeline until Ctrl-C: broker, every stage, the avatar, session and ingest APIs, "
                + "the webcam page, the live viewer and MJPEG, all on one port. Avatars and bindings are kept in "
                + "--data-dir across restarts.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of every endpoint (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", description = "broker records, stage state and recordings (default: ~/.reenact)")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "broker port; a free one if busy (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--media-dir", defaultValue = "assets/media",
            description = "the only folder files are played from through PUT /streams (default ${DEFAULT-VALUE})")
    Path mediaDir;

    @Option(names = "--allowed-hosts", split = ",", paramLabel = "HOST",
            description = "the only hosts stream URLs may name (cam1.lan,*.cams.example); default: any but link-local")
    List<String> allowedHosts = List.of();

    @Option(names = "--checkpoint", description = "model checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Option(names = "--partitions", defaultValue = "4", description = "partitions per live topic (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--deadline-ms", defaultValue = "1000", description = "drop frames older than this (default ${DEFAULT-VALUE})")
    long deadlineMs;

    @Option(names = "--segmenter", defaultValue = "auto", paramLabel = "auto|selfie|synthetic",
            description = "person masks (default ${DEFAULT-VALUE}; see demo --help)")
    String segmenter;

    @Option(names = "--background", defaultValue = "none", paramLabel = "none|driver|colour:#RRGGBB|image:PATH",
            description = "what is shown behind the head in the viewer and live outputs (default ${DEFAULT-VALUE})")
    String background;

    @Option(names = "--output-stream", defaultValue = "webcam", paramLabel = "STREAM",
            description = "the stream --push and --v4l2 send (default ${DEFAULT-VALUE})")
    String outputStream;

    @Option(names = "--push", paramLabel = "rtmp://...|srt://...", description = "push the output stream, H.264, to this URL")
    String pushUrl;

    @Option(names = "--v4l2", paramLabel = "/dev/videoN", description = "write the output stream to this v4l2loopback device (a virtual camera)")
    String v4l2Device;

    @Option(names = "--output-size", defaultValue = "256", description = "side of pushed / virtual-camera frames (default ${DEFAULT-VALUE})")
    int outputSize;

    @Option(names = "--fps", defaultValue = "25", description = "frame rate of recordings and live outputs (default ${DEFAULT-VALUE})")
    double fps;

    @Override
    public Integer call() throws Exception {
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".reenact");
        Files.createDirectories(data);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reenact-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Local local = Local.start(this, data, System.out)) {
            System.out.printf("%nReenact is up (Ctrl-C stops it; avatars and bindings are kept in %s)%n", data);
            local.printEndpoints(System.out, data);
            stopped.await();
            System.out.println("stopping ...");
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /** What one {@code up} holds; closed in reverse order. */
    static final class Local implements AutoCloseable {
        private final List<AutoCloseable> parts = new ArrayList<>();
        private LocalServer server;

        static Local start(UpCommand o, Path data, PrintStream out) throws Exception {
            Local local = new Local();
            try {
                local.startAll(o, data, out);
                return local;
            } catch (Exception | Error e) {
                local.close();
                throw e;
            }
        }

        private void startAll(UpCommand o, Path data, PrintStream out) throws Exception {
            Compositor compositor = Compositor.parse(o.background);
            LiveViews views = new LiveViews(compositor);
            parts.add(views);
            StreamRecordings recordings = new StreamRecordings(Files.createDirectories(data.resolve("recordings")), o.fps);
            parts.add(recordings);
            LiveOutputs outputs = liveOutputs(o, compositor, out);
            LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Options(o.checkpoint, o.partitions,
                    Duration.ofMillis(o.deadlineMs), o.segmenter, o.kafkaPort, data, "reenact-local-", true), out,
                    frame -> {
                        views.accept(frame);
                        if (outputs != null) {
                            outputs.accept(frame);
                        }
                        try {
                            recordings.accept(frame);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            parts.add(pipeline);
            LocalAvatars avatars = new LocalAvatars(pipeline);
            parts.add(avatars);
            DriverFramePublisher publisher = new DriverFramePublisher(pipeline.bootstrap(), pipeline.serdeConfig());
            parts.add(publisher);
            int size = pipeline.frameSize();
            EncodedFrameIngest ingest = EncodedFrameIngest.create(pipeline.bootstrap(), pipeline.serdeConfig(), publisher,
                    () -> new FaceFraming(pipeline.faces(), size));
            parts.add(ingest);
            PlayingSources sources = new PlayingSources(publisher, () -> new FaceFraming(pipeline.faces(), size),
                    ReconnectPolicy.defaults(), o.mediaDir, new PlayingSources.Listener() {
                        @Override
                        public void published(String streamId) {
                        }

                        @Override
                        public void failed(String streamId) {
                            out.println("stream " + streamId + ": its source failed (GET /streams says why)");
                        }
                    }).withAllowedHosts(o.allowedHosts);
            parts.add(sources);
            Path uploads = Files.createDirectories(data.resolve("uploads"));
            server = LocalServer.start(o.port, new LocalServer.Parts(pipeline, avatars, sources, ingest, views,
                    recordings, uploads), data);
            parts.add(server);
        }

        private LiveOutputs liveOutputs(UpCommand o, Compositor compositor, PrintStream out) {
            LiveOutputs outputs = LiveOutputs.of(o.outputStream, compositor, o.outputSize, o.fps, o.pushUrl, o.v4l2Device);
            parts.add(outputs);
            outputs.names().forEach(name -> out.println("live output of stream '" + o.outputStream + "': " + name));
            return outputs.enabled() ? outputs : null;
        }

        int port() {
            return server.port();
        }

        void printEndpoints(PrintStream out, Path data) {
            String base = "http://localhost:" + server.port();
            String login = base + "/login?token=" + server.token();
            out.println("  viewer         " + login);
            out.println("  webcam page    " + login + "&to=/webcam/");
            out.println("  token          " + data.resolve("token") + "   (curl -H \"Authorization: Bearer $(cat "
                    + data.resolve("token") + ")\" ...)");
            out.println("  avatars        " + base + "/avatars        (POST multipart file=@photo.png id=me)");
            out.println("  bind           " + base + "/sessions/{streamId}   (PUT {\"avatarId\": \"me\"})");
            out.println("  play a file    " + base + "/streams/{streamId}    (PUT {\"source\": \"Megamind.avi\"})");
            out.println("  MJPEG          " + base + "/streams/{streamId}/mjpeg");
            out.println("  health         " + base + "/health");
        }

        @Override
        public void close() {
            for (int i = parts.size() - 1; i >= 0; i--) {
                try {
                    parts.get(i).close();
                } catch (Exception e) {
                    System.out.println("while shutting down: " + e.getMessage());
                }
            }
        }
    }
}
