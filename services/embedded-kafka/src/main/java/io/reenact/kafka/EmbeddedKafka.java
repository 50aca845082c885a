package io.reenact.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller, one node) running in this JVM.
 * The local default of the project: no external service needed, same wire protocol and semantics
 * as a cluster. Never put this on a Quarkus runtime classpath (broker and client versions must match).
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Large enough for the avatar-weights topic (32 MiB blobs) plus batch overhead. */
    public static final int MAX_MESSAGE_BYTES = 33 * 1024 * 1024;

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Loopback by address: "localhost" may resolve to ::1 first while the port is free only on IPv4. */
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final DirectoryLock lock;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String bootstrapServers;
    private String secureBootstrapServers;
    private long startMillis;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, DirectoryLock lock, Path dataDir, boolean deleteDataDirOnClose,
                          String bootstrapServers) {
        this.server = server;
        this.lock = lock;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.bootstrapServers = bootstrapServers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** host:port of the SASL_SSL listener ({@link Builder#saslSsl}); null when there is none. */
    public String secureBootstrapServers() {
        return secureBootstrapServers;
    }

    /** host:port for clients, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Wall time the broker took from formatting/starting until it answered an admin request. */
    public long startMillis() {
        return startMillis;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            var results = admin.createTopics(topics).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(p);
    }

    /** Clean shutdown (flushes and closes the logs, so a restart on the same directory recovers nothing). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        lock.close();
        if (deleteDataDirOnClose) {
            deleteRecursively(dataDir);
        }
    }

    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private boolean tempDir = true;
        private final Properties overrides = new Properties();
        private SaslSsl saslSsl;

        private Builder() {
        }

        /**
         * A second listener that takes TLS clients authenticated by SCRAM-SHA-512 only. The broker's
         * own PLAINTEXT listener stays (loopback) for its inter-broker and readiness traffic.
         *
         * @param keyStore PKCS#12 with the broker's key and certificate
         * @param users    SCRAM user name to password, stored when the data directory is formatted
         */
        public Builder saslSsl(Path keyStore, String keyStorePassword, java.util.Map<String, String> users) {
            this.saslSsl = new SaslSsl(keyStore, keyStorePassword, java.util.Map.copyOf(users));
            return this;
        }

        /** Fixed client port (the controller takes a free port unless {@link #controllerPort} is given). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Free ports, picked at start (the test default). */
        public Builder freePorts() {
            this.port = 0;
            this.controllerPort = 0;
            return this;
        }

        /** Persistent data directory: formatted on first use, reused (with its records) afterwards. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            this.tempDir = false;
            return this;
        }

        /** A fresh temporary data directory, deleted on close (the test default). */
        public Builder tempDir() {
            this.dataDir = null;
            this.tempDir = true;
            return this;
        }

        /** Any broker property, applied last. */
        public Builder brokerProperty(String key, Object value) {
            overrides.put(key, String.valueOf(value));
            return this;
        }

        public EmbeddedKafka start() {
            long t0 = System.nanoTime();
            try {
                Path dir = tempDir ? Files.createTempDirectory("reenact-kafka-") : dataDir;
                Files.createDirectories(dir);
                // before anything is written: a second broker on the same directory would corrupt the
                // first one's metadata log (Kafka locks its log directories only once it runs)
                DirectoryLock lock = DirectoryLock.acquire(dir);
                int clientPort = port > 0 ? port : freePort();
                int ctlPort = controllerPort > 0 ? controllerPort : freePort();
                Properties props = brokerProperties(dir.resolve("logs"), clientPort, ctlPort);
                int securePort = saslSsl == null ? 0 : freePort();
                if (saslSsl != null) {
                    saslSsl.addTo(props, securePort);
                }
                props.putAll(overrides);
                Path config = dir.resolve("server.properties");
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "written by EmbeddedKafka; regenerated at every start");
                }
                formatIfNew(dir.resolve("logs"), config, saslSsl == null ? List.of() : saslSsl.formatArgs());
                KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    // e.g. the port is taken: release what did start before reporting
                    server.shutdown();
                    lock.close();
                    if (tempDir) {
                        deleteRecursively(dir);
                    }
                    throw new IllegalStateException("the embedded Kafka broker did not start on port " + clientPort
                        + " (data in " + dir + "): " + e.getMessage(), e);
                }
                EmbeddedKafka kafka = new EmbeddedKafka(server, lock, dir, tempDir, HOST + ":" + clientPort);
                kafka.secureBootstrapServers = saslSsl == null ? null : HOST + ":" + securePort;
                try {
                    awaitReady(kafka);
                } catch (RuntimeException e) {
                    kafka.close();
                    throw e;
                }
                kafka.startMillis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                return kafka;
            } catch (IOException e) {
                throw new UncheckedIOException("could not prepare the broker's data directory", e);
            }
        }
    }

    private record SaslSsl(Path keyStore, String password, java.util.Map<String, String> users) {
        static final String LISTENER = "SASL_SSL";
        static final String MECHANISM = "SCRAM-SHA-512";

        void addTo(Properties p, int port) {
            p.put("listeners", p.getProperty("listeners") + "," + LISTENER + "://" + HOST + ":" + port);
            p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + LISTENER + "://" + HOST + ":" + port);
            p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + "," + LISTENER + ":SASL_SSL");
            p.put("sasl.enabled.mechanisms", MECHANISM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.put("listener.name.sasl_ssl.ssl.keystore.location", keyStore.toAbsolutePath().toString());
            p.put("listener.name.sasl_ssl.ssl.keystore.password", password);
            p.put("listener.name.sasl_ssl.ssl.key.password", password);
        }

        /** KRaft keeps SCRAM credentials in its metadata log: they are written when the log is formatted. */
        List<String> formatArgs() {
            List<String> args = new java.util.ArrayList<>();
            users.forEach((name, secret) -> {
                args.add("--add-scram");
                args.add(MECHANISM + "=[name=" + name + ",password=" + secret + "]");
            });
            return args;
        }
    }

    static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // one node: every internal topic must fit on it
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        // a live pipeline: consumers join at once instead of waiting 3 s for more members
        p.put("group.initial.rebalance.delay.ms", "0");
        // fine-tuned weights travel as single records
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        // small machine: the default 128 MB dedupe buffer is wasted on a few compacted topics
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        // a handful of local clients: fewer threads mean fewer context switches on a small machine
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /** A new cluster id on an already formatted directory is refused by Kafka: format only once. */
    private static void formatIfNew(Path logDir, Path config, List<String> extraArgs) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(logDir);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<String> command = new java.util.ArrayList<>(List.of("format", "--config", config.toString(),
            "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"));
        command.addAll(extraArgs);
        String[] args = command.toArray(String[]::new);
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + buffer.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(EmbeddedKafka kafka) {
        // generous: a first start in a fresh JVM on a busy 2-core machine has been seen to take 45 s
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = kafka.admin()) {
                if (!admin.describeCluster().nodes().get().isEmpty()) {
                    return;
                }
            } catch (ExecutionException | RuntimeException e) {
                last = new IllegalStateException("broker not ready", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            }
            sleep(50);
        }
        throw last != null ? last : new IllegalStateException("broker did not start within 120 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", " + dataDir + "]";
    }

}
