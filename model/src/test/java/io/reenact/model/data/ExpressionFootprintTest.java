package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionFootprintTest {

    @Test
    void everyExpressionShowsAndTheOpenJawMostOfThemAndASmileAboutAsMuchAsABlink() {
        Map<String, Double> moved = ExpressionFootprint.measure(new SyntheticHeads(1), 3, 128);

        assertEquals(ExpressionFootprint.CHANGES.keySet(), moved.keySet());
        moved.forEach((change, values) -> assertTrue(values > 0, change + " moved nothing: " + moved));
        for (String e : new String[] {"smile", "gaze", "blink", "brow_raise"}) {
            assertTrue(moved.get("jaw_open") > moved.get(e), "the open jaw should move more than " + e + ": " + moved);
        }
        // a smile that only bent the lip line moved a sixth of a blink's values, too few for the pose code to carry
        assertTrue(moved.get("smile") > 0.7 * moved.get("blink"), "a smile should show about as much as a blink: " + moved);
    }
}
