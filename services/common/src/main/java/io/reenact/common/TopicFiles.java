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
        Files.createDirectories(deploy.resolve("registry"));
        Files.writeString(deploy.resolve("registry/register-schemas.sh"), registerSchemasScript());
    }

    /**
     * Registers each Avro topic's value schema (the whole schema, named types inlined, as the serdes
     * send it) under the subject {@code <topic>-value} and sets BACKWARD compatibility, through the
     * Confluent-compatible API Apicurio and Confluent both serve.
     */
    public static String registerSchemasScript() {
        StringBuilder s = new StringBuilder("""
                #!/usr/bin/env bash
                # Registers the pipeline's schemas in a schema registry before anything runs, so the services can
                # run with reenact.registry.auto-register=false. GENERATED from io.reenact.common.Topics by
                # io.reenact.common.TopicFiles: do not edit by hand.
                #
                #   deploy/registry/register-schemas.sh URL [curl options]
                #     URL: the Confluent-compatible API, e.g. http://apicurio:8080/apis/ccompat/v7
                #     curl options: authentication and TLS, e.g. -u user:secret --cacert ca.pem
                #
                # Each subject <topic>-value gets the record's schema, then BACKWARD compatibility: a later
                # version a reader of the old one cannot read is refused (HTTP 409) and this script fails.
                # A request without an answer in REGISTRY_TIMEOUT seconds (default 30) is sent again, up to three
                # times (registering the same schema twice changes nothing), so one lost request cannot hang a
                # deployment; curl options given on the command line come later and override these.
                set -euo pipefail
                URL="${1:?usage: register-schemas.sh URL [curl options]}"
                shift
                CT='Content-Type: application/vnd.schemaregistry.v1+json'
                PATIENCE=(--connect-timeout 10 --max-time "${REGISTRY_TIMEOUT:-30}" --retry 3)

                register() {
                  local subject="$1" answer
                  shift
                  if ! answer="$(curl -sS --fail-with-body "${PATIENCE[@]}" "$@" -X POST -H "${CT}" --data-binary @- "${URL}/subjects/${subject}/versions")"; then
                    echo "${subject}: refused: ${answer}" >&2
                    exit 1
                  fi
                  curl -sS --fail-with-body "${PATIENCE[@]}" "$@" -X PUT -H "${CT}" --data '{"compatibility": "BACKWARD"}' \\
                    "${URL}/config/${subject}" > /dev/null
                  echo "${subject}: ${answer}"
                }

                """);
        Topics.VALUE_TYPES.forEach((topic, type) -> {
            String schema = org.apache.avro.specific.SpecificData.get().getSchema(type).toString();
            s.append("register ").append(topic).append("-value \"$@\" <<'SCHEMA'\n")
                    .append("{\"schemaType\": \"AVRO\", \"schema\": ").append(jsonString(schema)).append("}\n")
                    .append("SCHEMA\n");
        });
        return s.toString();
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
