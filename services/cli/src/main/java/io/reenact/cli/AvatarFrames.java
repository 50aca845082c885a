package io.reenact.cli;

import io.reenact.ingest.FrameSampler;
import io.reenact.model.RgbImage;
import io.reenact.model.data.HeadIdentity;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The K frames an avatar is enrolled from: synthetic, a directory of images, or a video. */
final class AvatarFrames {

    private AvatarFrames() {
    }

    /** K frames of synthetic TEST identity {@code index}: one video, frames spread over its poses. */
    static List<RgbImage> synthetic(long seed, int index, int k, int size) {
        SyntheticHeads heads = new SyntheticHeads(seed);
        HeadIdentity identity = heads.identity(Split.TEST, index);
        int length = Math.max(k, 64);
        SyntheticVideo video = heads.video(identity, seed + 1_000 + index, length);
        List<RgbImage> frames = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            frames.add(video.frame(i * length / k, size).image());
        }
        return frames;
    }

    /** A directory of JPEG/PNG images or a video file. */
    static List<RgbImage> load(Path location, int k, int size) throws IOException {
        return new FrameSampler(k, size).from(location);
    }
}
