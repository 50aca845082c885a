package io.reenact.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deploy files that create the topics, written from {@link Topics} so that they cannot disagree
 * with what the embedded broker and the tests create: {@code deploy/topics/create-topics.sh} (compose
 * and the Kubernetes topics Job) and {@code deploy/k8s/strimzi-topics.yaml}.
 * {@code TopicFilesTest} fails when a committed file is not what this writes; run {@link #main} to refresh.
 */
public final class TopicFiles {

    /** Partition count the Strimzi resources declare (a production cluster; compose passes PARTITIONS). */
    static final int STRIMZI_PARTITIONS = 8;
    static final int STRIMZI_REPLICAS = 3;

    private TopicFiles() {
    }

    /** {@code TopicFiles DEPLOY_DIR}: rewrites both files under it. */
    public static void main(String[] args) throws IOException {
        Path deploy = Path.of(args.length > 0 ? args[0] : "deploy");
        Files.writeString(deploy.resolve("topics/create-topics.sh"), createTopicsScript());
        Files.writeString(deploy.resolve("k8s/strimzi-topics.yaml"), strimziTopics());
    }

    public static String createTopicsScript() {
        StringBuilder s = new StringBuilder("""
                #!/usr/bin/env bash
                # Creates the pipeline's topics (idempotent). Used by docker-compose's "topics" service and the
                # Kubernetes topics Job. GENERATED from io.reenact.common.Topics by io.reenact.common.TopicFiles:
                # edit Topics.java, not this file (TopicFilesTest fails when they differ).
                #
                #   BOOTSTRAP=kafka:9092 PARTITIONS=4 REPLICATION=1 create-topics.sh
                set -euo pipefail

                BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
                PARTITIONS="${PARTITIONS:-%d}"
                REPLICATION="${REPLICATION:-1}"
                KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

                create() {
                  local name="$1" config="$2" args=()
                  echo "topic ${name} (${PARTITIONS} partitions): ${config}"
                  IFS=',' read -ra pairs <<< "${config}"
                  for pair in "${pairs[@]}"; do args+=(--config "${pair}"); done
                  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --create --if-not-exists \\
                    --topic "${name}" --partitions "${PARTITIONS}" --replication-factor "${REPLICATION}" "${args[@]}"
                }

                # wait for the broker (compose starts us as soon as its container runs)
                for i in $(seq 1 60); do
                  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --list >/dev/null 2>&1 && break
                  echo "waiting for ${BOOTSTRAP} (${i})"; sleep 2
                done

                # every topic keyed by stream id has the same partition count (co-partitioned for the joins)
                """.formatted(Topics.DEFAULT_PARTITIONS));
        for (Topics.TopicSpec spec : Topics.specs()) {
            s.append("create ").append(spec.name()).append(" \"")
                    .append(String.join(",", sorted(spec.configs()).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()))
                    .append("\"\n");
        }
        return s.append("echo \"topics ready\"\n").toString();
    }

    public static String strimziTopics() {
        StringBuilder s = new StringBuilder("""
                # The topics for clusters managed by the Strimzi operator (a Kafka named "reenact-kafka" in
                # namespace "kafka"). GENERATED from io.reenact.common.Topics by io.reenact.common.TopicFiles.
                """);
        for (Topics.TopicSpec spec : Topics.specs()) {
            s.append("""
                    ---
                    apiVersion: kafka.strimzi.io/v1beta2
                    kind: KafkaTopic
                    metadata:
                      name: %s
                      namespace: kafka
                      labels:
                        strimzi.io/cluster: reenact-kafka
                    spec:
                      partitions: %d
                      replicas: %d
                      config:
                    """.formatted(spec.name(), STRIMZI_PARTITIONS, STRIMZI_REPLICAS));
            sorted(spec.configs()).forEach((k, v) -> s.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        }
        return s.toString();
    }

    private static Map<String, String> sorted(Map<String, String> configs) {
        return new TreeMap<>(configs);
    }
}
