package io.reenact.ingest;

import io.reenact.model.RgbImage;

/**
 * The frame's central square: for sources that are framed already (the synthetic driver, a
 * talking-head clip cut to the face) and as the no-detector fallback.
 */
public final class CentreFraming implements Framing {

    private final SquareCrop crop;

    public CentreFraming(int size) {
        this.crop = new SquareCrop(size);
    }

    @Override
    public Framed apply(RgbImage frame, double timeSeconds) {
        return new Framed(crop.apply(frame), null);
    }

    @Override
    public int size() {
        return crop.size();
    }
}
