package io.reenact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
