package io.reenact.cli;

import io.reenact.ingest.FrameSampler;
import io.reenact.ingest.Framing;
import io.reenact.model.RgbImage;
import io.reenact.model.data.HeadIdentity;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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

    /** A directory of JPEG/PNG images, one image, or a video file, cut by {@code framing}. */
    static List<RgbImage> load(Path location, int k, Supplier<Framing> framing) throws IOException {
        FrameSampler sampler = new FrameSampler(k, framing);
        if (Files.isRegularFile(location) && isImage(location)) {
            return sampler.fromImages(List.of(Files.readAllBytes(location)));
        }
        return sampler.from(location);
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
