package io.reenact.kafka;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import io.reenact.common.ClientSettings;
import io.reenact.common.StreamsSettings;

/**
 * What Kafka itself costs the pipeline, on the embedded broker: start time (fresh and on an existing
 * data directory), plain produce → consume latency and a two-hop Kafka Streams pass-through with the
 * project's low-latency settings. Records are paced like video frames, each carrying its send time.
 * {@code KafkaLatencyBench [--count 1000] [--rate 100] [--size 15000]}
 */
public final class KafkaLatencyBench {

    private KafkaLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = 1000;
        int rate = 100;
        int size = 15_000; // about a 256x256 JPEG
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("reenact-bench-");
        try {
            long fresh;
            try (EmbeddedKafka k = EmbeddedKafka.builder().freePorts().dataDir(dir).start()) {
                fresh = k.startMillis();
            }
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().freePorts().dataDir(dir).start()) {
                System.out.printf("broker start: %d ms fresh (format + start), %d ms on an existing data dir%n",
                    fresh, kafka.startMillis());
                kafka.createTopics(List.of(topic("bench-hop"), topic("bench-in"), topic("bench-mid"), topic("bench-out")));
                System.out.printf("%d records of %d bytes at %d/s (after %d warm-up records)%n", count, size, rate, count / 5);
                long idle0 = cpuNanos();
                Thread.sleep(3_000);
                System.out.printf("idle broker: %.1f%% of one core%n", (cpuNanos() - idle0) / 3e9 * 100);
                report("produce -> consume (1 hop)", run(kafka, "bench-hop", "bench-hop", count, rate, size));
                report("streams pass-through (2 hops)", twoHops(kafka, dir.resolve("streams"), count, rate, size));
                System.out.printf("load average during the run: %.2f on %d cores%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            }
        } finally {
            EmbeddedKafka.deleteRecursively(dir);
        }
    }

    /** Latencies in microseconds, and process CPU time per record after the warm-up. */
    private record Result(long[] micros, long cpuNanosPerRecord) {
    }

    private static Result twoHops(EmbeddedKafka kafka, Path stateDir, int count, int rate, int size) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("bench-in", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .to("bench-mid", Produced.with(Serdes.String(), Serdes.ByteArray()));
        builder.stream("bench-mid", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .to("bench-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = StreamsSettings.builder("bench-pass-through", kafka.bootstrapServers()).stateDir(stateDir).build();
        // only what is sent from now on: a live stream, not a backlog
        props.put("consumer.auto.offset.reset", "latest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return run(kafka, "bench-in", "bench-out", count, rate, size);
        }
    }

    /** Sends paced records to {@code in} and reads them from {@code out}. */
    private static Result run(EmbeddedKafka kafka, String in, String out, int count, int rate, int size) throws Exception {
        int warmup = count / 5;
        int total = warmup + count;
        long[] micros = new long[count];
        try (var consumer = new KafkaConsumer<String, byte[]>(latest(kafka, "bench-" + out + System.nanoTime()));
             var producer = new KafkaProducer<String, byte[]>(ClientSettings.producer(kafka.bootstrapServers()))) {
            consumer.subscribe(Set.of(out));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(50));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            Thread sender = new Thread(() -> {
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    byte[] value = new byte[size];
                    ByteBuffer.wrap(value).putInt(i).putLong(System.nanoTime());
                    producer.send(new ProducerRecord<>(in, "stream-" + (i % 4), value));
                    next += interval;
                }
            }, "bench-sender");
            sender.start();
            int received = 0;
            long cpuAfterWarmup = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30L + total / Math.max(1, rate) * 2L).toNanos();
            while (received < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    ByteBuffer b = ByteBuffer.wrap(r.value());
                    int seq = b.getInt();
                    long sent = b.getLong();
                    if (seq >= warmup) {
                        micros[seq - warmup] = (now - sent) / 1_000;
                    }
                    received++;
                    if (received == warmup) {
                        cpuAfterWarmup = cpuNanos();
                    }
                }
            }
            sender.join();
            if (received < total) {
                throw new IllegalStateException("only " + received + " of " + total + " records arrived");
            }
            return new Result(micros, (cpuNanos() - cpuAfterWarmup) / count);
        }
    }

    private static Properties latest(EmbeddedKafka kafka, String group) {
        Properties p = ClientSettings.consumer(kafka.bootstrapServers(), group);
        p.put("auto.offset.reset", "latest");
        return p;
    }

    private static NewTopic topic(String name) {
        return new NewTopic(name, 4, (short) 1);
    }

    /**
     * Latency percentiles, and CPU time of the whole process (broker + clients + streams, JIT and GC
     * included) per record after the warm-up: the cost that stays meaningful when other work shares the cores.
     */
    private static void report(String what, Result result) {
        long[] sorted = result.micros().clone();
        Arrays.sort(sorted);
        System.out.printf("%-30s p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms  cpu %.2f ms/record%n", what,
            pct(sorted, 50) / 1000.0, pct(sorted, 90) / 1000.0, pct(sorted, 99) / 1000.0, sorted[sorted.length - 1] / 1000.0,
            result.cpuNanosPerRecord() / 1e6);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
