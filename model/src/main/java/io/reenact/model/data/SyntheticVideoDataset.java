package io.reenact.model.data;

import io.reenact.model.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Synthetic talking-head videos rendered on the fly: {@code identities} people of one split, each
 * in {@code videosPerIdentity} videos with their own motion and backdrop. Video v shows identity
 * {@code v / videosPerIdentity}. Thread-safe (rendering has no shared mutable state).
 */
public final class SyntheticVideoDataset implements VideoDataset {

    private final SyntheticHeads heads;
    private final Split split;
    private final int identities;
    private final int videosPerIdentity;
    private final int framesPerVideo;
    private final int size;
    private final float crossDriven;
    /** Recently used videos keep their backdrop raster, which costs about as much as a frame. */
    private final java.util.Map<Integer, SyntheticVideo> recent = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Integer, SyntheticVideo> eldest) {
            return size() > RECENT_VIDEOS;
        }
    };
    private static final int RECENT_VIDEOS = 256;

    public SyntheticVideoDataset(SyntheticHeads heads, Split split, int identities, int videosPerIdentity,
                                 int framesPerVideo, int size) {
        this(heads, split, identities, videosPerIdentity, framesPerVideo, size, 0f);
    }

    /**
     * {@code crossDriven}: the share of warping samples ({@link #sampleWithCorrespondence}) whose
     * pose frame shows another person in the target's pose.
     */
    public SyntheticVideoDataset(SyntheticHeads heads, Split split, int identities, int videosPerIdentity,
                                 int framesPerVideo, int size, float crossDriven) {
        if (crossDriven < 0 || crossDriven > 1) {
            throw new IllegalArgumentException("crossDriven must be in [0, 1]: " + crossDriven);
        }
        this.crossDriven = crossDriven;
        this.heads = Objects.requireNonNull(heads, "heads");
        this.split = Objects.requireNonNull(split, "split");
        if (identities < 1 || videosPerIdentity < 1 || framesPerVideo < 2 || size < 8) {
            throw new IllegalArgumentException("need identities ≥ 1, videosPerIdentity ≥ 1, framesPerVideo ≥ 2, size ≥ 8");
        }
        this.identities = identities;
        this.videosPerIdentity = videosPerIdentity;
        this.framesPerVideo = framesPerVideo;
        this.size = size;
    }

    @Override
    public int videoCount() {
        return identities * videosPerIdentity;
    }

    @Override
    public int imageSize() {
        return size;
    }

    public Split split() {
        return split;
    }

    public int framesPerVideo() {
        return framesPerVideo;
    }

    /** The identity shown in a video. */
    public HeadIdentity identity(int videoIndex) {
        checkIndex(videoIndex);
        return heads.identity(split, videoIndex / videosPerIdentity);
    }

    /** Video {@code videoIndex}; its motion seed is unique per (split, video index). */
    public SyntheticVideo video(int videoIndex) {
        synchronized (recent) {
            SyntheticVideo v = recent.get(videoIndex);
            if (v != null) {
                return v;
            }
        }
        HeadIdentity id = identity(videoIndex);
        long videoSeed = ((long) split.ordinal() << 40) | videoIndex;
        SyntheticVideo v = heads.video(id, videoSeed, framesPerVideo);
        synchronized (recent) {
            recent.put(videoIndex, v);
        }
        return v;
    }

    @Override
    public TrainingSample sample(int videoIndex, int k, Random rng) {
        SyntheticVideo video = video(videoIndex);
        int[] frames = FramePicker.pick(framesPerVideo, k, rng);
        List<RgbImage> identity = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            identity.add(video.frame(frames[i], size).image());
        }
        RenderedFrame target = video.frame(frames[k], size);
        return new TrainingSample(identity, target.image(), target.mask(), videoIndex);
    }

    /**
     * As {@link #sample}, plus what the warping renderer trains on: the identity frames' masks, the
     * target's landmarks and the exact flow from the target back to each identity frame. The
     * identity frames come half the time from another video of the same person ({@code sourceVideo}).
     */
    @Override
    public TrainingSample sampleWithCorrespondence(int videoIndex, int k, Random rng) {
        SyntheticVideo video = video(videoIndex);
        SyntheticVideo sources = video(sourceVideo(videoIndex, rng));
        int[] frames = FramePicker.pick(framesPerVideo, k, rng);
        HeadPose targetPose = video.pose(frames[k]);
        List<RgbImage> identity = new ArrayList<>(k);
        List<io.reenact.model.Mask> masks = new ArrayList<>(k);
        List<TrueFlow> flows = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            RenderedFrame f = sources.frame(frames[i], size);
            identity.add(f.image());
            masks.add(f.mask());
            flows.add(TrueFlow.between(video.identity(), targetPose, sources.pose(frames[i]), size));
        }
        RenderedFrame target = video.frame(frames[k], size);
        RgbImage driver = crossDriven > 0 && rng.nextFloat() < crossDriven ? otherPerson(videoIndex, targetPose, rng) : null;
        return new TrainingSample(identity, target.image(), target.mask(), videoIndex, masks, target.landmarks(), flows,
                targetPose.expression(), driver);
    }

    /**
     * Another person of the split, in {@code pose}, before another video's backdrop: a driver whose
     * face differs from the target's while the pose is exactly the target's. Self-reenactment alone
     * leaves the pose code free to read the driver's face: the 25,600-step warp-128 weights warp their
     * chosen frame to 20.1 dB in cross-driving against 23.9 dB by that frame's exact flow, while in
     * self-driving they lose only 1.4 dB to it.
     */
    private RgbImage otherPerson(int videoIndex, HeadPose pose, Random rng) {
        int person = videoIndex / videosPerIdentity;
        int other = identities < 2 ? person : (person + 1 + rng.nextInt(identities - 1)) % identities;
        SyntheticVideo backdrop = video(other * videosPerIdentity + rng.nextInt(videosPerIdentity));
        return heads.render(backdrop.identity(), pose, backdrop.background(), size).image();
    }

    /**
     * Where the source frames of a warping sample come from: half the time another video of the same
     * person. Inside one video the framing (distance, position) barely drifts, but an avatar enrolled
     * from one recording is driven into another's framing; trained on one video only, the flow never
     * learned those larger scalings and shifts and shrank or misplaced held-out heads.
     */
    private int sourceVideo(int videoIndex, Random rng) {
        if (videosPerIdentity < 2 || rng.nextBoolean()) {
            return videoIndex;
        }
        int first = videoIndex / videosPerIdentity * videosPerIdentity;
        return first + (videoIndex - first + 1 + rng.nextInt(videosPerIdentity - 1)) % videosPerIdentity;
    }

    private void checkIndex(int videoIndex) {
        if (videoIndex < 0 || videoIndex >= videoCount()) {
            throw new IndexOutOfBoundsException("video " + videoIndex + " of " + videoCount());
        }
    }
}
