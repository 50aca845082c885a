package io.reenact.common;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry (in-memory storage) as a child JVM, from the app build Maven Central
 * publishes (unpacked by the build into {@code target/apicurio-registry}). A child process rather than
 * this JVM: the registry is a Quarkus application with its own Quarkus, which would clash with the
 * project's on one class path. Registry 3.3 needs Java 21 or later: this JVM when it is one, else the
 * newest JDK installed beside it ({@code java.home}'s parent directory), or {@code -Dapicurio.registry.java=...}.
 */
final class ApicurioRegistryProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ApicurioRegistryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ApicurioRegistryProcess start() throws Exception {
        Path dir = Path.of(System.getProperty("apicurio.registry.dir", "target/apicurio-registry"));
        String version = System.getProperty("apicurio.registry.version", "3.3.3");
        Path jar = dir.resolve("quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": the build unpacks io.apicurio:apicurio-registry-app:" + version
                    + ":tar.gz:all there (mvn generate-test-resources)");
        }
        int port = freePort();
        int management = freePort();
        Path log = Files.createTempFile("apicurio-registry", ".log");
        String java = java21();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management,
                "-Dapicurio.datasource.jdbc.initial-size=2", "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=10", "-jar", jar.toAbsolutePath().toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(p, port, log);
        try {
            registry.awaitReady(Duration.ofSeconds(120));
        } catch (Exception | Error e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The native v3 API the serdes use. */
    String apiUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    /** The Confluent-compatible API. */
    String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the registry was not ready within " + timeout + ": " + Files.readString(log));
    }

    /** A java launcher of version 21 or later. */
    static String java21() throws IOException {
        String chosen = System.getProperty("apicurio.registry.java");
        if (chosen != null) {
            return chosen;
        }
        Path home = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            return home.resolve("bin/java").toString();
        }
        Path best = null;
        int bestVersion = 0;
        try (var jdks = Files.list(home.toRealPath().getParent())) {
            for (Path jdk : jdks.toList()) {
                int v = featureVersion(jdk.resolve("release"));
                if (v >= 21 && v > bestVersion && Files.isExecutable(jdk.resolve("bin/java"))) {
                    best = jdk;
                    bestVersion = v;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("Apicurio Registry 3.3 needs Java 21+: none beside " + home
                    + "; name one with -Dapicurio.registry.java=/path/to/bin/java");
        }
        return best.resolve("bin/java").toString();
    }

    /** JAVA_VERSION="25.0.3" in a JDK's release file: 25; 0 when unreadable. */
    private static int featureVersion(Path release) {
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not a JDK
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
