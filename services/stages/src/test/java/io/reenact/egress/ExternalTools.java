package io.reenact.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Debian command-line tools the egress tests check the outputs with (ffprobe, ffmpeg, chromium):
 * independent readers, so a test passes only when a program other than ours understands the output.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Runs a command to its end; fails the test with its output when it times out or exits non-zero. */
    static String run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("egress-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail(command.get(0) + " did not finish in " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(command.get(0) + " exited " + p.exitValue() + ": " + command + "\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * ffprobe's view of the first video stream of {@code input}: codec_name, width, height and, with
     * {@code countFrames}, nb_read_frames (every frame decoded and counted).
     */
    static Map<String, String> probeVideo(String input, boolean countFrames, String... inputOptions)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        cmd.addAll(List.of(inputOptions));
        if (countFrames) {
            cmd.add("-count_frames");
        }
        cmd.addAll(List.of("-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height,pix_fmt" + (countFrames ? ",nb_read_frames" : ""),
                "-of", "default=noprint_wrappers=1", input));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : run(60, cmd).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /** A long-running tool (a receiver) whose output goes to {@code log}. */
    static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Asks ffmpeg to finish (it writes the file's trailer on SIGTERM) and waits for it. */
    static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The headless Chromium command line, with a fresh profile in {@code profile}. */
    static List<String> chromium(Path profile, String... args) {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
