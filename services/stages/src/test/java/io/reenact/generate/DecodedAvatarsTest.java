package io.reenact.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reenact.generate.DecodedAvatars.DecodedAvatar;
import io.reenact.model.AvatarSources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DecodedAvatarsTest {

    private final AtomicInteger decodings = new AtomicInteger();
    private final Function<byte[], DecodedAvatar> decode = raw -> {
        decodings.incrementAndGet();
        return new DecodedAvatar(raw, null, new float[] {raw[0]}, AvatarSources.NONE);
    };

    @Test
    void anUnchangedRecordIsDecodedOnceForEveryCaller() {
        DecodedAvatars avatars = new DecodedAvatars();
        DecodedAvatar first = avatars.get("alice", new byte[] {1, 2}, decode);
        // another task reads the same record from the global table: equal bytes, another array
        DecodedAvatar again = avatars.get("alice", new byte[] {1, 2}, decode);
        assertSame(first, again);
        assertEquals(1, decodings.get());
    }

    @Test
    void aChangedRecordIsDecodedAnewAndAGoneOneForgotten() {
        DecodedAvatars avatars = new DecodedAvatars();
        DecodedAvatar first = avatars.get("alice", new byte[] {1}, decode);
        DecodedAvatar changed = avatars.get("alice", new byte[] {2}, decode);
        assertNotSame(first, changed);
        assertEquals(2f, changed.identity()[0]);
        avatars.get("bob", new byte[] {3}, decode);
        assertEquals(2, avatars.size());
        avatars.remove("alice");
        assertEquals(1, avatars.size());
    }

    @Test
    void aRecordThatCannotBeDecodedLeavesTheLastDecodingInPlace() {
        DecodedAvatars avatars = new DecodedAvatars();
        DecodedAvatar good = avatars.get("alice", new byte[] {1}, decode);
        assertThrows(IllegalStateException.class, () -> avatars.get("alice", new byte[] {9}, raw -> {
            throw new IllegalStateException("unreadable");
        }));
        assertSame(good, avatars.get("alice", new byte[] {1}, decode));
        assertEquals(1, decodings.get());
    }

    @Test
    void threadsMeetingANewRecordTogetherShareOneDecoding() throws Exception {
        DecodedAvatars avatars = new DecodedAvatars();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DecodedAvatar>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return avatars.get("alice", new byte[] {7}, decode);
                }));
            }
            start.countDown();
            DecodedAvatar first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<DecodedAvatar> r : results) {
                assertSame(first, r.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, decodings.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
