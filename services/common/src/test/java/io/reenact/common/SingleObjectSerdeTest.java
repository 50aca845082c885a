package io.reenact.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.reenact.schema.Avatar;
import io.reenact.schema.DeadLetter;
import io.reenact.schema.DriverFrame;
import io.reenact.schema.SessionBinding;
import io.reenact.schema.WeightsRef;

class SingleObjectSerdeTest {

    private final SingleObjectSerde<DriverFrame> frames = new SingleObjectSerde<>(DriverFrame.class);

    @Test
    void roundTripsRecordsThroughTheKafkaSerde() {
        Serde<DriverFrame> serde = ReenactSerdes.forType(DriverFrame.class, Map.of());
        DriverFrame frame = Frames.driverFrame("cam-1", 3);
        byte[] bytes = serde.serializer().serialize("driver-frames", frame);
        // single-object encoding: C3 01 marker, then the schema's 64-bit fingerprint, little endian
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(SchemaNormalization.parsingFingerprint64(DriverFrame.getClassSchema()), fingerprint);
        assertEquals(frame, serde.deserializer().deserialize("driver-frames", bytes));

        Avatar avatar = Avatar.newBuilder().setAvatarId("a1").setIdentity(List.of(0.5f, -1f)).setModelVersion("cpu-128@1")
            .setFrameCount(8).setCreatedAtMs(5L)
            .setWeights(WeightsRef.newBuilder().setUri("kafka:avatar-weights/ab").setSha256("ab").setSizeBytes(10).build())
            .build();
        Serde<Avatar> avatars = ReenactSerdes.forType(Avatar.class);
        assertEquals(avatar, avatars.deserializer().deserialize("avatars", avatars.serializer().serialize("avatars", avatar)));
        assertNull(avatars.serializer().serialize("avatars", null), "null stays null: a tombstone on a compacted topic");
        assertNull(avatars.deserializer().deserialize("avatars", null));
    }

    @Test
    void garbageIsReportedAsNotSingleObjectEncoding() {
        byte[] garbage = new byte[200];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x42;
        var e = assertThrows(SerializationException.class, () -> frames.decode(garbage));
        assertTrue(e.getMessage().contains("DriverFrame") && e.getMessage().contains("not Avro single-object"), e.getMessage());
    }

    @Test
    void truncatedRecordsAreReportedAsTruncated() {
        byte[] whole = frames.encode(Frames.driverFrame("cam-1", 1));
        for (int cut : new int[] {whole.length - 1, whole.length / 2, 12}) {
            byte[] part = Arrays.copyOf(whole, cut);
            var e = assertThrows(SerializationException.class, () -> frames.decode(part), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("malformed"), e.getMessage());
        }
        var shortOne = assertThrows(SerializationException.class, () -> frames.decode(new byte[] {(byte) 0xC3, 1, 2}));
        assertTrue(shortOne.getMessage().contains("shorter than the 10-byte"), shortOne.getMessage());
    }

    @Test
    void trailingBytesAreNotSilentlyIgnored() {
        byte[] whole = frames.encode(Frames.driverFrame("cam-1", 1));
        byte[] longer = Arrays.copyOf(whole, whole.length + 5);
        var e = assertThrows(SerializationException.class, () -> frames.decode(longer));
        assertTrue(e.getMessage().contains("5 trailing bytes"), e.getMessage());
    }

    @Test
    void anotherTypesRecordIsAnUnknownSchema() {
        byte[] binding = new SingleObjectSerde<>(SessionBinding.class).encode(
            SessionBinding.newBuilder().setStreamId("s").setAvatarId("a").setBoundAtMs(1).build());
        var e = assertThrows(SerializationException.class, () -> frames.decode(binding));
        assertTrue(e.getMessage().contains("written as another type") && e.getMessage().contains("SessionBinding"),
            e.getMessage());
    }

    @Test
    void anUnknownFingerprintIsReportedAsAnUnknownSchema() {
        byte[] bytes = frames.encode(Frames.driverFrame("cam-1", 1));
        bytes[5] ^= 0x55; // inside the fingerprint
        var e = assertThrows(SerializationException.class, () -> frames.decode(bytes));
        assertTrue(e.getMessage().contains("schema this reader does not know"), e.getMessage());
    }

    @Test
    void aRecordClaimingAHugeStringFailsInsteadOfExhaustingTheHeap() throws Exception {
        // a valid header for SessionBinding, then a string length of 1.5 GB
        byte[] header = Arrays.copyOf(new SingleObjectSerde<>(SessionBinding.class).encode(
            SessionBinding.newBuilder().setStreamId("s").setAvatarId("a").setBoundAtMs(1).build()), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        enc.writeLong(1_500_000_000L);
        enc.flush();
        out.write(new byte[16]);
        var e = assertThrows(SerializationException.class,
            () -> new SingleObjectSerde<>(SessionBinding.class).decode(out.toByteArray()));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void deadLettersCarryTheOriginalBytes() {
        byte[] original = {1, 2, 3};
        DeadLetter letter = DeadLetters.of("segment", "driver-frames", 2, 40L, "k".getBytes(), original,
            DeadLetterReason.CORRUPT_IMAGE.with("bad JPEG"), new IllegalArgumentException("x"));
        SingleObjectSerde<DeadLetter> serde = new SingleObjectSerde<>(DeadLetter.class);
        DeadLetter back = serde.decode(serde.encode(letter));
        assertArrayEquals(original, DeadLetters.original(back));
        assertEquals("CORRUPT_IMAGE: bad JPEG", back.getReason());
        assertEquals(DeadLetterReason.CORRUPT_IMAGE, DeadLetterReason.of(back.getReason()));
        assertEquals(IllegalArgumentException.class.getName(), back.getErrorClass());
        assertEquals(40L, back.getOffset());
    }
}
