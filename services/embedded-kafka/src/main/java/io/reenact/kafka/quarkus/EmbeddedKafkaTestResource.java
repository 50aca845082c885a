package io.reenact.kafka.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.reenact.common.Topics;
import io.reenact.kafka.EmbeddedKafka;

/**
 * Starts a real embedded broker for a {@code @QuarkusTest}: free ports, a temporary data directory,
 * the pipeline's topics. Use with {@code @QuarkusTestResource(EmbeddedKafkaTestResource.class)} and
 * {@code reenact-embedded-kafka} in test scope (the broker must never reach a Quarkus runtime
 * classpath). Init arg {@code partitions} sets the topics' partition count (default 2).
 */
public class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafka kafka;
    private int partitions = 2;

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get("partitions");
        if (p != null) {
            partitions = Integer.parseInt(p);
        }
    }

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.builder().freePorts().tempDir().start();
        kafka.createTopics(Topics.newTopics(partitions));
        String bootstrap = kafka.bootstrapServers();
        return Map.of(
            "kafka.bootstrap.servers", bootstrap,
            "quarkus.kafka-streams.bootstrap-servers", bootstrap,
            // a broker is already here: Quarkus must not try to start a container for one
            "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
