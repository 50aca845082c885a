#!/usr/bin/env bash
# Creates the pipeline's topics (idempotent). Used by docker-compose's "topics" service and the
# Kubernetes topics Job; the embedded broker creates the same set from io.reenact.common.Topics.
#
#   BOOTSTRAP=kafka:9092 PARTITIONS=4 REPLICATION=1 create-topics.sh
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-localhost:9092}"
PARTITIONS="${PARTITIONS:-4}"
REPLICATION="${REPLICATION:-1}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

# live topics keep minutes: a late frame is useless, and a restarted stage must not replay an hour
LIVE="retention.ms=600000,segment.ms=60000"
# frames are small JPEGs; 2 MiB leaves room for 512² PNG masks
LIVE_SIZE="max.message.bytes=2097152"

create() {
  local name="$1" partitions="$2" config="$3" args=()
  echo "topic ${name} (${partitions} partitions): ${config}"
  IFS=',' read -ra pairs <<< "${config}"
  for pair in "${pairs[@]}"; do args+=(--config "${pair}"); done
  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --create --if-not-exists \
    --topic "${name}" --partitions "${partitions}" --replication-factor "${REPLICATION}" "${args[@]}"
}

# wait for the broker (compose starts us as soon as its container runs)
for i in $(seq 1 60); do
  "${KAFKA_TOPICS}" --bootstrap-server "${BOOTSTRAP}" --list >/dev/null 2>&1 && break
  echo "waiting for ${BOOTSTRAP} (${i})"; sleep 2
done

create driver-frames     "${PARTITIONS}" "${LIVE},${LIVE_SIZE}"
create segmented-frames  "${PARTITIONS}" "${LIVE},${LIVE_SIZE}"
create pose-embeddings   "${PARTITIONS}" "${LIVE},${LIVE_SIZE}"
create reenacted-frames  "${PARTITIONS}" "${LIVE},${LIVE_SIZE}"
create enrolment-frames  "${PARTITIONS}" "retention.ms=3600000,${LIVE_SIZE}"
create dead-letters      1               "retention.ms=604800000,max.message.bytes=4194304"
# tables every generator instance reads whole (GlobalKTable / KTable): compacted, kept forever
create avatars           1               "cleanup.policy=compact,min.compaction.lag.ms=0"
create avatar-weights    1               "cleanup.policy=compact,max.message.bytes=33554432"
# co-partitioned with pose-embeddings: the generator joins them by stream id
create session-bindings  "${PARTITIONS}" "cleanup.policy=compact"
echo "topics ready"
