package io.reenact.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.reenact.schema.DeadLetter;

/** Builds DeadLetter records: where the bad record came from, why, and its bytes exactly as read. */
public final class DeadLetters {

    /** Reasons are for people; an exception message of megabytes is not. */
    static final int MAX_REASON_CHARS = 2000;

    private DeadLetters() {
    }

    public static DeadLetter of(String stage, String topic, int partition, long offset,
                                byte[] key, byte[] value, String reason, Throwable error) {
        return of(stage, topic, partition, offset, key, value, reason, error, System.currentTimeMillis());
    }

    public static DeadLetter of(String stage, String topic, int partition, long offset,
                                byte[] key, byte[] value, String reason, Throwable error, long timestampMs) {
        return DeadLetter.newBuilder()
            .setStage(stage)
            .setSourceTopic(topic == null ? "" : topic)
            .setPartition(partition)
            .setOffset(offset)
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setReason(clip(reasonText(reason, error)))
            .setErrorClass(error == null ? null : error.getClass().getName())
            .setTimestampMs(timestampMs)
            .setOriginal(value == null ? null : ByteBuffer.wrap(value))
            .build();
    }

    /**
     * From inside a processor: {@code context.recordMetadata()} is present for records read from a
     * topic (absent for punctuations), giving topic, partition and offset.
     */
    public static DeadLetter of(String stage, RecordMetadata metadata, String key, byte[] value,
                                String reason, Throwable error) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        if (metadata == null) {
            return of(stage, "", -1, -1L, keyBytes, value, reason, error);
        }
        return of(stage, metadata.topic(), metadata.partition(), metadata.offset(), keyBytes, value, reason, error);
    }

    /** The original bytes of a dead letter (a copy), or null. */
    public static byte[] original(DeadLetter letter) {
        return bytes(letter.getOriginal());
    }

    public static byte[] key(DeadLetter letter) {
        return bytes(letter.getKey());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static String reasonText(String reason, Throwable error) {
        if (reason != null && !reason.isBlank()) {
            return reason;
        }
        if (error != null) {
            return DeadLetterReason.PROCESSING_FAILED.with(String.valueOf(error.getMessage()));
        }
        return DeadLetterReason.PROCESSING_FAILED.name();
    }

    private static String clip(String s) {
        return s.length() <= MAX_REASON_CHARS ? s : s.substring(0, MAX_REASON_CHARS) + "…";
    }
}
