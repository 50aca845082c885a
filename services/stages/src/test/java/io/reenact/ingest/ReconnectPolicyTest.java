package io.reenact.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReconnectPolicyTest {

    @Test
    void backoffDoublesUpToItsCap() {
        ReconnectPolicy policy = new ReconnectPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1));
        assertEquals(100, policy.backoff(1).toMillis());
        assertEquals(200, policy.backoff(2).toMillis());
        assertEquals(400, policy.backoff(3).toMillis());
        assertEquals(500, policy.backoff(4).toMillis());
        assertEquals(500, policy.backoff(6).toMillis());
    }

    @Test
    void refusesPoliciesThatCouldHangOrMakeNoSense() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(-1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
