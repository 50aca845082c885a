package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.model.data.HeadIdentity;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;

/**
 * A driver that needs no camera and no network: one synthetic person's talking-head video from the
 * model's renderer. Deterministic from its seeds, so a demo or a test sees the same frames every run.
 */
public final class SyntheticDriverSource implements DriverSource {

    private final SyntheticVideo video;
    private final int frames;
    private final int size;
    private final double fps;
    private final String description;
    private int next;

    /**
     * @param headsSeed seed of the synthetic population
     * @param split which identities to draw from (the demo uses held-out TEST identities)
     * @param identityIndex which person
     * @param videoSeed seed of the pose trajectory
     * @param frames video length
     * @param size frame side in pixels
     * @param fps the rate the frames represent
     */
    public SyntheticDriverSource(long headsSeed, Split split, int identityIndex, long videoSeed, int frames, int size,
                                 double fps) {
        SyntheticHeads heads = new SyntheticHeads(headsSeed);
        HeadIdentity identity = heads.identity(split, identityIndex);
        this.video = heads.video(identity, videoSeed, frames);
        this.frames = frames;
        this.size = size;
        this.fps = fps;
        this.description = "synthetic " + split.name().toLowerCase() + " identity " + identityIndex + " (" + frames
                + " frames, seed " + videoSeed + ")";
    }

    @Override
    public RgbImage next() {
        if (next >= frames) {
            return null;
        }
        return video.frame(next++, size).image();
    }

    @Override
    public double frameRate() {
        return fps;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
    }
}
