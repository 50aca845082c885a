package io.reenact.vision.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {

    private static BlazeFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = BlazeFaceDetector.open();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void startsFromTheCentreSquareBeforeAnyFace() {
        FaceTracker tracker = new FaceTracker(detector);
        FaceTracker.Tracked first = tracker.track(RealMedia.grey(640, 480), 0);
        assertEquals(FaceTracker.Source.DEFAULT, first.source());
        assertFalse(first.found());
        assertFalse(first.held());
        assertEquals(320, first.box().centreX(), 1e-3);
        assertEquals(240, first.box().centreY(), 1e-3);
        assertEquals(480, new PaperCrop(128).square(first.box()).side(), "its crop is the frame's central square");
        assertTrue(tracker.last().isEmpty());
    }

    @Test
    void holdsTheLastBoxOnAFacelessFrame() {
        RgbImage face = RealMedia.astronaut();
        RgbImage grey = RealMedia.grey(face.width(), face.height());
        FaceTracker tracker = new FaceTracker(detector);
        FaceTracker.Tracked seen = null;
        for (int i = 0; i < 3; i++) {
            seen = tracker.track(face, i / 30.0);
            assertTrue(seen.found());
        }
        BlazeFaceDetectorTest.assertPlausibleAstronautFace(face, seen.box());
        for (int i = 3; i < 10; i++) {
            FaceTracker.Tracked held = tracker.track(grey, i / 30.0);
            assertTrue(held.held(), "frame " + i);
            assertFalse(held.found());
            assertSame(seen.box(), held.box(), "the last box, unchanged");
        }
        assertTrue(tracker.track(face, 10 / 30.0).found(), "picks the face up again");
    }

    @Test
    void smoothsTowardsAMovedFaceAndSnapsAfterALongGap() {
        FaceTracker tracker = new FaceTracker(detector);
        tracker.update(FaceBox.centred(100, 100, 50, 50, 0.9), 0);
        FaceBox moved = tracker.update(FaceBox.centred(110, 100, 50, 50, 0.9), 1 / 30.0).box();
        assertTrue(moved.centreX() > 100 && moved.centreX() < 110, "a jump of 10 px is smoothed: " + moved);
        FaceBox later = tracker.update(FaceBox.centred(300, 200, 80, 80, 0.9), 5).box();
        assertEquals(300, later.centreX(), 1e-3, "after a gap the new face is taken as is");
        assertEquals(80, later.width(), 1e-3);
    }

    @Test
    void timeMustIncrease() {
        FaceTracker tracker = new FaceTracker(detector);
        tracker.update(FaceBox.centred(100, 100, 50, 50, 0.9), 1);
        assertThrows(IllegalArgumentException.class, () -> tracker.update(FaceBox.centred(100, 100, 50, 50, 0.9), 1));
    }
}
