package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    @Test
    void cpu128StaysNearOneGflopPerGeneratedFrame() {
        List<ModelSummary.Row> rows = ModelSummary.summarise(ModelConfig.cpu128());
        assertEquals(6, rows.size());
        double perFrame = rows.stream()
                .filter(r -> r.part().equals("AdaIN MLP") || r.part().equals("generator"))
                .mapToDouble(ModelSummary.Row::gflops).sum();
        assertTrue(perFrame > 0.8 && perFrame < 1.5, "GFLOPs per generated frame: " + perFrame);
        ModelSummary.Row pose = rows.get(0);
        ModelSummary.Row identity = rows.get(1);
        // the paper's asymmetry: the pose encoder is much smaller than the identity encoder
        assertTrue(pose.parameters() * 5 < identity.parameters(), pose + " vs " + identity);
        rows.forEach(r -> assertTrue(r.parameters() > 0 && r.macs() > 0, r.toString()));
        assertTrue(ModelSummary.format(ModelConfig.cpu128()).contains("per generated frame"));
    }
}
