package io.reenact.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RegistryDeadlineTest {

    private static final byte[] RECORD = {0, 0, 0, 0, 7, 42};

    /** Reads the record, except that the calls numbered in {@code lost} never return (a lost answer). */
    private static Deserializer<String> losing(AtomicInteger calls, int lost) {
        return (topic, data) -> {
            if (calls.incrementAndGet() <= lost) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("given up", e);
                }
            }
            return "read " + data[5];
        };
    }

    @Test
    void aCallWhoseAnswerIsLostIsSentAgainAfterTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        Deserializer<String> d = new RegistryDeadline(Duration.ofMillis(200)).deserializer(losing(calls, 1));
        assertEquals("read 42", d.deserialize("t", RECORD));
        assertEquals(2, calls.get(), "the lost call and the one sent again");
        // the schema is resolved now: later records of it are read on the caller's thread, with no deadline
        assertEquals("read 42", d.deserialize("t", RECORD));
        assertEquals(3, calls.get());
    }

    @Test
    void aRegistryThatNeverAnswersFailsTheRecordInsteadOfStoppingTheThread() {
        AtomicInteger calls = new AtomicInteger();
        Deserializer<String> d = new RegistryDeadline(Duration.ofMillis(100)).deserializer(losing(calls, Integer.MAX_VALUE));
        SerializationException e = assertThrows(SerializationException.class, () -> d.deserialize("t", RECORD));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        assertEquals(RegistryDeadline.TRIES, calls.get());
    }

    @Test
    void errorsPassThroughUnchanged() {
        Deserializer<String> failing = (topic, data) -> {
            throw new SerializationException("not Avro");
        };
        Deserializer<String> d = new RegistryDeadline(Duration.ofSeconds(5)).deserializer(failing);
        assertEquals("not Avro", assertThrows(SerializationException.class, () -> d.deserialize("t", RECORD)).getMessage());
        assertArrayEquals(new byte[] {1}, new RegistryDeadline(Duration.ofSeconds(5))
                .serializer((String topic, String s) -> new byte[] {1}).serialize("t", "x"));
    }
}
