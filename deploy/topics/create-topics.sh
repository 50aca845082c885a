#!/usr/bin/env bash
# Creates the pipeline's topics (idempotent). Used by docker-compose's "topics" service and the
# Kubernetes topics Job. GENERATED from io.reenact.common.Topics by io.reenact.common.TopicFiles:
# edit Topics.java, not this file (TopicFilesTest fails when they differ).
#
#   BOOTSTRAP=kafka:9092 PARTITIONS=4 REPLICATION=1 create-topics.sh
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
PARTITIONS="${PARTITIONS:-4}"
REPLICATION="${REPLICATION:-1}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

create() {
  local name="$1" config="$2" args=()
  echo "topic ${name} (${PARTITIONS} partitions): ${config}"
  IFS=',' read -ra pairs <<< "${config}"
  for pair in "${pairs[@]}"; do args+=(--config "${pair}"); done
  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --create --if-not-exists \
    --topic "${name}" --partitions "${PARTITIONS}" --replication-factor "${REPLICATION}" "${args[@]}"
}

# wait for the broker (compose starts us as soon as its container runs)
for i in $(seq 1 60); do
  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --list >/dev/null 2>&1 && break
  echo "waiting for ${BOOTSTRAP} (${i})"; sleep 2
done

# every topic keyed by stream id has the same partition count (co-partitioned for the joins)
create driver-frames "cleanup.policy=delete,max.message.bytes=8454144,retention.ms=300000,segment.ms=60000"
create segmented-frames "cleanup.policy=delete,max.message.bytes=8454144,retention.ms=300000,segment.ms=60000"
create pose-embeddings "cleanup.policy=delete,max.message.bytes=8454144,retention.ms=300000,segment.ms=60000"
create reenacted-frames "cleanup.policy=delete,max.message.bytes=8454144,retention.ms=300000,segment.ms=60000"
create avatars "cleanup.policy=compact,max.message.bytes=8388608,min.cleanable.dirty.ratio=0.1,segment.ms=3600000"
create avatar-weights "cleanup.policy=compact,max.message.bytes=33619968,min.cleanable.dirty.ratio=0.1,segment.ms=3600000"
create session-bindings "cleanup.policy=compact,max.message.bytes=1048576,min.cleanable.dirty.ratio=0.1,segment.ms=3600000"
create enrolment-frames "cleanup.policy=delete,max.message.bytes=8454144,retention.ms=3600000"
create fine-tune-jobs "cleanup.policy=delete,max.message.bytes=33619968,retention.ms=86400000"
create dead-letters "cleanup.policy=delete,max.message.bytes=8519680,retention.ms=604800000"
echo "topics ready"
