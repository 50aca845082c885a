package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricSummaryTest {

    @Test
    void theStandardErrorIsTheSampleDeviationOverTheRootOfTheCount() {
        MetricSummary s = new MetricSummary();
        s.add(1);
        assertTrue(Double.isNaN(s.standardError()), "one value says nothing of the spread");
        s.add(2);
        s.add(3);
        assertEquals(1 / Math.sqrt(3), s.standardError(), 1e-9);
        s.clear();
        assertEquals(0, s.count());
        assertTrue(Double.isNaN(s.mean()));
    }
}
