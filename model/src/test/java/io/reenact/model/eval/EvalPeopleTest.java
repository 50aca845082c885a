package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reenact.model.data.Split;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EvalPeopleTest {

    private static final String SHIPPED = Path.of("checkpoints", "warp-128").toString();

    @Test
    void heldOutPeopleByDefaultAndTrainingPeopleWhenAsked() {
        assertEquals(Split.TEST, EvalMain.parse(new String[] {"--checkpoint", SHIPPED}).people());
        assertEquals(Split.TRAIN, EvalMain.parse(new String[] {"--checkpoint", SHIPPED, "--people", "train"}).people());
        assertThrows(IllegalArgumentException.class,
                () -> EvalMain.parse(new String[] {"--checkpoint", SHIPPED, "--people", "validation"}));
    }

    @Test
    void trainingPeopleAreTheOnesTrainingDrawsNotTheHeldOutOnes() {
        HeldOutPopulation held = new HeldOutPopulation(1L, 3);
        HeldOutPopulation trained = new HeldOutPopulation(1L, 3, Split.TRAIN);
        for (int i = 0; i < 3; i++) {
            assertEquals(held.heads().identity(Split.TEST, i), held.person(i));
            assertEquals(held.heads().identity(Split.TRAIN, i), trained.person(i));
            assertNotEquals(held.person(i), trained.person(i));
        }
    }
}
