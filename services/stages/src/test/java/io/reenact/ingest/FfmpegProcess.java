package io.reenact.ingest;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg command-line tool as a separate process: a real network server or encoder the tests
 * read from. Its log goes to a file so a failing test can show why ffmpeg gave up.
 */
final class FfmpegProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private FfmpegProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ffmpeg -hide_banner -nostdin -loglevel error ARGS}. */
    static FfmpegProcess start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "ffmpeg", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new FfmpegProcess(process, log);
    }

    /** Runs ffmpeg to completion (an encode into a file) and fails with its log if it fails. */
    static void run(Path dir, String... args) throws IOException, InterruptedException {
        try (FfmpegProcess p = start(dir, args)) {
            int rc = p.process.waitFor();
            if (rc != 0) {
                throw new IOException("ffmpeg exited with " + rc + ": " + p.log());
            }
        }
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
