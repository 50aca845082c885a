package io.reenact.egress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveViewsTest {

    @Test
    void streamsThatStopSendingAreForgottenAndActiveOnesKept() throws Exception {
        LiveFrames frames = LiveFrames.megamind(3);
        try (LiveViews views = new LiveViews(null, Duration.ofMillis(200))) {
            for (int s = 0; s < 50; s++) {
                views.accept(frames.frame("caller-" + s, 0));
            }
            assertEquals(50, views.streamIds().size());
            Thread.sleep(300);
            views.accept(frames.frame("caller-0", 1));
            assertEquals(49, views.evictIdle(System.currentTimeMillis()), "every stream idle for longer than 200 ms");
            assertEquals(List.of("caller-0"), views.streamIds(), "the stream that still sends stays");
        }
    }
}
