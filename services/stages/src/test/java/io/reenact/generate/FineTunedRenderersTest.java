package io.reenact.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.reenact.stages.ShippedModels;
import org.junit.jupiter.api.Test;

class FineTunedRenderersTest {

    @Test
    void loadsEachDigestOnceAndEvictsTheLeastRecentlyUsed() {
        RenderModel model = ShippedModels.models();
        try (FineTunedRenderers cache = new FineTunedRenderers(2)) {
            AvatarRenderer a = cache.get("a", sha -> model.base());
            cache.get("b", sha -> model.base());
            assertSame(a, cache.get("a", sha -> model.base()));
            assertEquals(2, cache.loads());
            cache.get("c", sha -> model.base()); // evicts b, the least recently used
            assertEquals(2, cache.size());
            cache.get("a", sha -> model.base());
            assertEquals(3, cache.loads(), "a stayed");
            cache.get("b", sha -> model.base());
            assertEquals(4, cache.loads(), "b was evicted and loaded again");
        }
    }
}
