package io.reenact.model.data;

/**
 * One synthetic "video": one identity, a smooth pose and expression trajectory, a fixed backdrop.
 * Frames are rendered on demand (any frame, any size, any order). Thread-safe.
 */
public final class SyntheticVideo {

    private final HeadIdentity identity;
    private final PoseTrajectory trajectory;
    private final Background background;
    private final HeadRenderer renderer;

    SyntheticVideo(HeadIdentity identity, PoseTrajectory trajectory, Background background, HeadRenderer renderer) {
        this.identity = identity;
        this.trajectory = trajectory;
        this.background = background;
        this.renderer = renderer;
    }

    public HeadIdentity identity() {
        return identity;
    }

    public int frameCount() {
        return trajectory.frameCount();
    }

    public HeadPose pose(int t) {
        return trajectory.pose(t);
    }

    public Background background() {
        return background;
    }

    public RenderedFrame frame(int t, int size) {
        return renderer.render(identity, trajectory.pose(t), background, size);
    }
}
