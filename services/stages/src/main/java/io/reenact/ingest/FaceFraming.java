package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.schema.FaceBox;
import io.reenact.vision.face.FaceDetector;
import io.reenact.vision.face.FaceTracker;
import io.reenact.vision.face.PaperCrop;

/**
 * The paper's framing for live video: the face is found in every frame, its box smoothed over time
 * ({@link FaceTracker}: a still head gives a still crop), and the square of 1.8 × the box around it
 * is cut out and resized ({@link PaperCrop}). A frame without a face keeps the last box and is
 * flagged ({@code FaceBox.detected = false}) so downstream can tell a held crop from a fresh one.
 * Not thread-safe: one per stream.
 */
public final class FaceFraming implements Framing {

    private final FaceTracker tracker;
    private final PaperCrop crop;

    /** @param detector borrowed, not closed: several streams may share one */
    public FaceFraming(FaceDetector detector, int size) {
        this.tracker = new FaceTracker(detector);
        this.crop = new PaperCrop(size);
    }

    @Override
    public Framed apply(RgbImage frame, double timeSeconds) {
        FaceTracker.Tracked tracked = tracker.track(frame, timeSeconds);
        PaperCrop.CropSquare square = crop.square(tracked.box());
        RgbImage image = crop.crop(frame, square);
        io.reenact.vision.face.FaceBox box = tracked.box();
        FaceBox inCrop = FaceBox.newBuilder()
                .setX((float) square.toCropX(box.x()))
                .setY((float) square.toCropY(box.y()))
                .setWidth((float) (box.width() / square.scale()))
                .setHeight((float) (box.height() / square.scale()))
                .setScore(box.score())
                .setDetected(tracked.source() == FaceTracker.Source.DETECTED)
                .build();
        return new Framed(image, inCrop);
    }

    @Override
    public int size() {
        return crop.outputSize();
    }
}
