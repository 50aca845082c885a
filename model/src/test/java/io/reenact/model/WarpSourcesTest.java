package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarpSourcesTest {

    @Test
    void nearestOrdersCandidatesByDistanceToThePose() {
        List<float[]> candidates = List.of(new float[] {0, 0}, new float[] {5, 5}, new float[] {1, 0}, new float[] {4, 4});
        assertArrayEquals(new int[] {1, 3}, WarpSources.nearest(candidates, new float[] {5, 4.9f}, 2));
        assertArrayEquals(new int[] {2, 0}, WarpSources.nearest(candidates, new float[] {0.9f, 0}, 2));
        assertArrayEquals(new int[] {0, 2, 3, 1}, WarpSources.nearest(candidates, new float[] {0, 0}, 9),
                "asking for more than there are gives all, nearest first");
    }

    @Test
    void aReadingOfTheExpressionCanOutweighANearerCode() {
        // frame 0's code is nearer the driver's, frame 1 has the driver's expression (the first entry)
        List<float[]> candidates = List.of(new float[] {1, 0}, new float[] {0, 1.5f});
        float[] driver = {0, 0};
        float[] readsFirst = {1, 0, 0.5f};
        ExpressionReading reading = new ExpressionReading(10f,
                new float[][] {readsFirst, readsFirst, readsFirst, readsFirst}, "test");
        assertArrayEquals(new int[] {0}, WarpSources.nearest(candidates, driver, 1));
        assertArrayEquals(new int[] {1}, WarpSources.nearest(candidates, driver, 1, reading));
        assertArrayEquals(new int[] {0}, WarpSources.nearest(candidates, driver, 1,
                new ExpressionReading(0f, reading.rows(), "test")), "a reading weighted 0 is the code alone");
        assertEquals(1 + 10 * 4 * 1, reading.distance(candidates.get(0), driver), 1e-6);
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, reading.read(candidates.get(0)), 1e-6f);
    }

    @Test
    void aReadingSurvivesItsFileAndRefusesWhatItCannotRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ExpressionReading reading = new ExpressionReading(10f,
                new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {0, 0, 1}}, "fitted on nothing");
        assertNull(ExpressionReading.in(dir), "no file, no reading");
        reading.write(dir);
        ExpressionReading back = ExpressionReading.in(dir);
        assertEquals(10f, back.weight());
        assertEquals("fitted on nothing", back.fitted());
        assertArrayEquals(reading.read(new float[] {1, -1}), back.read(new float[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> back.read(new float[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> new ExpressionReading(1f, new float[][] {{1, 0}}, "one row for four factors"));
        assertThrows(IllegalArgumentException.class,
                () -> new ExpressionReading(-1f, reading.rows(), "a negative weight"));
        assertEquals(List.of("jaw_open", "smile", "blink", "brow_raise"), ExpressionReading.FACTORS);
        io.reenact.model.data.HeadPose p = io.reenact.model.data.HeadPose.FRONTAL.withJawOpen(0.1f).withSmile(0.2f)
                .withBlink(0.3f).withBrowRaise(0.4f);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f},
                java.util.Arrays.copyOf(p.expression(), ExpressionReading.FACTORS.size()),
                "the fit reads its factors off the head of HeadPose.expression()");
    }

    @Test
    void variedKeepsTheTypicalFrameAndThenTheRarePosesRatherThanMoreOfTheCommonOne() {
        // a video that spends most frames near one pose, opens its mouth once and turns once
        List<float[]> poses = List.of(new float[] {0, 0}, new float[] {0.1f, 0}, new float[] {0, 0.1f},
                new float[] {0.05f, 0.05f}, new float[] {0, 3}, new float[] {0.1f, 0.1f}, new float[] {4, 0},
                new float[] {0.02f, 0});
        int[] kept = WarpSources.varied(poses, 3);
        assertArrayEquals(new int[] {3, 6, 4}, kept, "the frame nearest the mean, then the farthest from those kept");
        assertArrayEquals(new int[] {0, 1}, WarpSources.varied(poses.subList(0, 2), 8), "no more than there are");
    }

    @Test
    void pickSpreadsOverTheFrames() {
        assertArrayEquals(new int[] {0, 2, 4, 6}, WarpSources.pick(8, 4));
        assertArrayEquals(new int[] {0, 1}, WarpSources.pick(2, 8));
    }
}
