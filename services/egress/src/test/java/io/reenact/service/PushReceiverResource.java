package io.reenact.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An RTMP server for the egress service to push to: Debian's ffmpeg in listen mode, a separate
 * process, writing what it receives to target/push/received.flv as it arrives.
 */
public class PushReceiverResource implements QuarkusTestResourceLifecycleManager {

    static final Path RECEIVED = Path.of("target", "push", "received.flv").toAbsolutePath();
    static final String STREAM = "obs-1";
    static final int OUTPUT_SIZE = 64;

    private Process ffmpeg;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(RECEIVED.getParent());
            Files.deleteIfExists(RECEIVED);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String url = "rtmp://127.0.0.1:" + port + "/live/" + STREAM;
            ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-v", "error", "-y", "-listen", "1", "-i", url,
                    "-c", "copy", "-flush_packets", "1", RECEIVED.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(RECEIVED.resolveSibling("server.log").toFile())
                    .start();
            return Map.of("reenact.egress.push-url", url,
                    "reenact.egress.output-stream", STREAM,
                    "reenact.egress.output-size", String.valueOf(OUTPUT_SIZE),
                    "reenact.egress.background", "colour:#00ff00");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ffmpeg as an RTMP server", e);
        }
    }

    @Override
    public void stop() {
        if (ffmpeg != null) {
            ffmpeg.destroy();
            try {
                if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
                    ffmpeg.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
