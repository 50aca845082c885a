package io.reenact.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.reenact.common.Topics;

/**
 * Runs the embedded broker on its own, for services started separately on one machine:
 * {@code EmbeddedKafkaMain --port 9092 --data-dir DIR [--controller-port P] [--partitions N]}.
 * Creates the pipeline's topics, then serves until interrupted (Ctrl-C shuts down cleanly).
 */
public final class EmbeddedKafkaMain {

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        int controllerPort = 0;
        int partitions = Topics.DEFAULT_PARTITIONS;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i));
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) {
            System.err.println("--data-dir is required (the broker keeps its logs there across restarts)");
            usage();
            System.exit(2);
        }
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(port).dataDir(dataDir);
        if (controllerPort > 0) {
            builder.controllerPort(controllerPort);
        }
        EmbeddedKafka kafka = builder.start();
        kafka.createTopics(Topics.newTopics(partitions));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));
        System.out.printf("Kafka broker ready on %s (data in %s, started in %d ms, %d topics with %d partitions)%n",
            kafka.bootstrapServers(), kafka.dataDir(), kafka.startMillis(), Topics.all().size(), partitions);
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: EmbeddedKafkaMain --data-dir DIR [--port 9092] [--controller-port P] [--partitions "
            + Topics.DEFAULT_PARTITIONS + "]");
    }
}
