package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticHeadsTest {

    @Test
    void sameSeedGivesIdenticalBytes() {
        RenderedFrame a = new SyntheticHeads(11).video(new SyntheticHeads(11).identity(Split.TRAIN, 3), 5, 40).frame(17, 64);
        SyntheticHeads other = new SyntheticHeads(11);
        RenderedFrame b = other.video(other.identity(Split.TRAIN, 3), 5, 40).frame(17, 64);
        assertArrayEquals(a.image().pixels(), b.image().pixels());
        assertArrayEquals(a.mask().alpha(), b.mask().alpha());
        assertArrayEquals(a.landmarks(), b.landmarks());
    }

    @Test
    void differentSeedsGiveDifferentPictures() {
        SyntheticHeads h1 = new SyntheticHeads(11);
        SyntheticHeads h2 = new SyntheticHeads(12);
        RenderedFrame a = h1.video(h1.identity(Split.TRAIN, 3), 5, 40).frame(17, 64);
        RenderedFrame b = h2.video(h2.identity(Split.TRAIN, 3), 5, 40).frame(17, 64);
        assertFalse(Arrays.equals(a.image().pixels(), b.image().pixels()));
        RenderedFrame c = h1.video(h1.identity(Split.TRAIN, 3), 6, 40).frame(17, 64);
        assertFalse(Arrays.equals(a.image().pixels(), c.image().pixels()), "another video seed, another video");
        assertNotEquals(h1.identity(Split.TRAIN, 3), h1.identity(Split.TRAIN, 4));
    }

    @Test
    void splitsAreDisjoint() {
        SyntheticHeads heads = new SyntheticHeads(3);
        Set<Long> seeds = new HashSet<>();
        Set<HeadIdentity> ids = new HashSet<>();
        int n = 300;
        for (Split s : Split.values()) {
            for (int i = 0; i < n; i++) {
                HeadIdentity id = heads.identity(s, i);
                seeds.add(id.seed());
                ids.add(id);
            }
        }
        assertEquals(3 * n, seeds.size());
        assertEquals(3 * n, ids.size());
        assertEquals(heads.identity(Split.TEST, 7), heads.identity(Split.TEST, 7));
    }

    @Test
    void shapeCuesDifferBetweenIdentities() {
        SyntheticHeads heads = new SyntheticHeads(5);
        Background bg = Background.flat(0x404040);
        double[] interocular = new double[20];
        double[] faceWidth = new double[20];
        double[] noseLength = new double[20];
        for (int i = 0; i < 20; i++) {
            float[] lm = heads.render(heads.identity(Split.TRAIN, i), HeadPose.FRONTAL, bg, 128).landmarks();
            interocular[i] = Landmarks68.interocular(lm);
            faceWidth[i] = Landmarks68.distance(lm, 1, 15);
            noseLength[i] = Landmarks68.distance(lm, 27, 33);
        }
        assertTrue(spread(interocular) > 1.10, "interocular spread " + spread(interocular));
        assertTrue(spread(faceWidth) > 1.10, "face width spread " + spread(faceWidth));
        assertTrue(spread(noseLength) > 1.10, "nose length spread " + spread(noseLength));
    }

    private static double spread(double[] v) {
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        return max / min;
    }

    @Test
    void videosMoveSmoothlyTalkAndBlink() {
        SyntheticHeads heads = new SyntheticHeads(9);
        SyntheticVideo video = heads.video(heads.identity(Split.VALIDATION, 0), 1, 400);
        float maxJaw = 0;
        float minJaw = 1;
        float maxBlink = 0;
        for (int t = 1; t < video.frameCount(); t++) {
            HeadPose p = video.pose(t);
            HeadPose q = video.pose(t - 1);
            assertTrue(Math.abs(p.yaw() - q.yaw()) < 0.05, "yaw jumps at " + t);
            assertTrue(Math.abs(p.tx() - q.tx()) < 0.01, "tx jumps at " + t);
            maxJaw = Math.max(maxJaw, p.jawOpen());
            minJaw = Math.min(minJaw, p.jawOpen());
            maxBlink = Math.max(maxBlink, p.blink());
        }
        assertTrue(maxJaw > 0.4, "mouth opens: " + maxJaw);
        assertTrue(minJaw < 0.05, "mouth closes: " + minJaw);
        assertEquals(1f, maxBlink, "blinks");
        assertEquals(video.pose(123), heads.video(heads.identity(Split.VALIDATION, 0), 1, 400).pose(123));
    }
}
