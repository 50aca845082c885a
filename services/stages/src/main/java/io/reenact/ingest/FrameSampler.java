package io.reenact.ingest;

import io.reenact.model.RgbImage;
import io.reenact.stages.ImageCodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The K frames an avatar is enrolled from, taken evenly from what a user supplies: still images
 * (bytes or a directory of JPEG/PNG files) or a video. Evenly spread rather than the first K, so
 * the identity is averaged over as many head poses as the material shows.
 */
public final class FrameSampler {

    /** Frames decoded from a video before K are picked from them: bounds memory for long clips. */
    public static final int MAX_VIDEO_FRAMES = 600;

    private final int k;
    private final Supplier<Framing> framings;

    /** Frames cut as the central square of the model's size. */
    public FrameSampler(int k, int size) {
        this(k, () -> new CentreFraming(size));
    }

    /**
     * @param framings how frames are cut (e.g. {@link FaceFraming}); a fresh one per still image,
     *                 since unrelated photos must not be smoothed into each other, one per video
     */
    public FrameSampler(int k, Supplier<Framing> framings) {
        if (k <= 0) {
            throw new IllegalArgumentException("K must be positive: " + k);
        }
        this.k = k;
        this.framings = framings;
    }

    /** Encoded JPEG/PNG images, in order. */
    public List<RgbImage> fromImages(List<byte[]> encoded) {
        List<RgbImage> all = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            all.add(framings.get().apply(ImageCodecs.decodeRgb(encoded.get(i), "image " + (i + 1)), 0).image());
        }
        return spread(all);
    }

    /** Every .jpg/.jpeg/.png in {@code dir}, by name. */
    public List<RgbImage> fromDirectory(Path dir) throws IOException {
        List<byte[]> encoded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png")) {
                    encoded.add(Files.readAllBytes(file));
                }
            }
        }
        if (encoded.isEmpty()) {
            throw new IOException("no .jpg or .png images in " + dir);
        }
        return fromImages(encoded);
    }

    /** A video file or URL: the first {@value #MAX_VIDEO_FRAMES} frames, K of them kept. */
    public List<RgbImage> fromVideo(String location) throws IOException {
        List<RgbImage> all = new ArrayList<>();
        try (VideoSource source = VideoSource.open(location, framings.get(), ReconnectPolicy.defaults())) {
            RgbImage frame;
            while (all.size() < MAX_VIDEO_FRAMES && (frame = source.next()) != null) {
                all.add(frame);
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no video frames in " + location);
        }
        return spread(all);
    }

    /** A directory of images or a video file. */
    public List<RgbImage> from(Path location) throws IOException {
        return Files.isDirectory(location) ? fromDirectory(location) : fromVideo(location.toString());
    }

    /** K frames evenly spaced over {@code all} (all of them when there are fewer). */
    public List<RgbImage> spread(List<RgbImage> all) {
        if (all.size() <= k) {
            return all;
        }
        List<RgbImage> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(all.get((int) ((long) i * all.size() / k)));
        }
        return out;
    }
}
