package io.reenact.model.eval;

import io.reenact.model.data.HeadIdentity;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;

import java.util.ArrayList;
import java.util.List;

/**
 * The held-out people every evaluation uses: the first N TEST identities of a seed, each with one
 * enrolment video and one driving video. One definition, so that `eval` and the paper metrics
 * score the very same avatars and drivers. {@code eval --people train} builds it on the TRAIN split
 * instead: the same people training drew, in videos of seeds training never used.
 */
public final class HeldOutPopulation {

    /** Video seeds far from those of the training population's videos. */
    private static final long ENROL_VIDEO = 7_000_000L;
    private static final long DRIVE_VIDEO = 8_000_000L;
    private static final int ENROL_FRAMES = 48;
    /** Frames of each driving video; samples are spread evenly over them. */
    public static final int DRIVE_FRAMES = 64;

    private final SyntheticHeads heads;
    private final List<HeadIdentity> people = new ArrayList<>();
    private final List<SyntheticVideo> driveVideos = new ArrayList<>();

    public HeldOutPopulation(long seed, int identities) {
        this(seed, identities, Split.TEST);
    }

    public HeldOutPopulation(long seed, int identities, Split split) {
        heads = new SyntheticHeads(seed);
        for (int i = 0; i < identities; i++) {
            HeadIdentity id = heads.identity(split, i);
            people.add(id);
            driveVideos.add(heads.video(id, DRIVE_VIDEO + i, DRIVE_FRAMES));
        }
    }

    public SyntheticHeads heads() {
        return heads;
    }

    public int size() {
        return people.size();
    }

    public HeadIdentity person(int index) {
        return people.get(index);
    }

    public SyntheticVideo driveVideo(int index) {
        return driveVideos.get(index);
    }

    /** K frames of person {@code index}'s enrolment video, spread over it. */
    public List<RenderedFrame> enrolmentFrames(int index, int k, int size) {
        SyntheticVideo enrol = heads.video(people.get(index), ENROL_VIDEO + index, ENROL_FRAMES);
        List<RenderedFrame> frames = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            frames.add(enrol.frame(j * ENROL_FRAMES / k, size));
        }
        return frames;
    }

    /** The poses of {@link #enrolmentFrames}, frame for frame. */
    public List<HeadPose> enrolmentPoses(int index, int k) {
        SyntheticVideo enrol = heads.video(people.get(index), ENROL_VIDEO + index, ENROL_FRAMES);
        List<HeadPose> poses = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            poses.add(enrol.pose(j * ENROL_FRAMES / k));
        }
        return poses;
    }

    /** The driving-video frame of sample {@code t} of {@code samples}. */
    public static int driveFrame(int t, int samples) {
        return t * DRIVE_FRAMES / samples;
    }
}
