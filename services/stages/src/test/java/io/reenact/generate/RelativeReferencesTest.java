package io.reenact.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reenact.model.RelativePose;
import io.reenact.schema.SessionBinding;
import org.junit.jupiter.api.Test;

/** Relative driving: the reference is the first pose after a binding, a new binding starts anew, memory is bounded. */
class RelativeReferencesTest {

    @Test
    void theFirstPoseAfterABindingIsTheReferenceUntilTheStreamIsBoundAgain() {
        RelativeReferences refs = new RelativeReferences();
        SessionBinding bound = new SessionBinding("s", "ada", 100L, true);
        float[] first = {1, 2};
        assertArrayEquals(first, refs.first(bound, first));
        assertArrayEquals(first, refs.first(bound, new float[] {5, 5}), "later frames keep the first as reference");
        float[] avatar = {10, 20};
        assertArrayEquals(new float[] {14, 23}, RelativePose.apply(avatar, new float[] {5, 5}, first),
                "the avatar moves by the driver's change since its first frame");
        assertArrayEquals(avatar, RelativePose.apply(avatar, first, first), "no change: the avatar's own pose");
        SessionBinding rebound = new SessionBinding("s", "ada", 200L, true);
        assertArrayEquals(new float[] {7, 7}, refs.first(rebound, new float[] {7, 7}), "a new binding, a new reference");
    }

    @Test
    void onlyTheMostRecentStreamsAreRemembered() {
        RelativeReferences refs = new RelativeReferences();
        for (int i = 0; i < RelativeReferences.MAX_STREAMS + 50; i++) {
            refs.first(new SessionBinding("s" + i, "ada", 1L, true), new float[] {i});
        }
        assertEquals(RelativeReferences.MAX_STREAMS, refs.size());
    }
}
