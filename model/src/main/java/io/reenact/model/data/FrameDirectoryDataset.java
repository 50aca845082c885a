package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real videos as pre-cropped frames, in a VoxCeleb-like layout:
 * {@code root/<person>/<video>/frames/*.jpg|png} with optional masks
 * {@code root/<person>/<video>/masks/<frame name without extension>.png}.
 *
 * <p>Frames are centre-cropped to a square and resized to {@code size}. Where a mask file is
 * missing the sample gets an all-foreground mask (the masked losses then cover the whole frame);
 * {@link #framesWithoutMask()} tells how often, and a warning is logged once. Videos with fewer than
 * two frames are skipped. Thread-safe.
 */
public final class FrameDirectoryDataset implements VideoDataset {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDirectoryDataset.class);

    private final int size;
    private final List<VideoDir> videos;
    private final int framesWithoutMask;

    /** One video: its person, its name, its frame files and their mask files (null where absent). */
    public record VideoDir(String person, String video, List<Path> frames, List<Path> masks) {
    }

    public FrameDirectoryDataset(Path root, int size) {
        if (size < 8) {
            throw new IllegalArgumentException("size must be at least 8: " + size);
        }
        this.size = size;
        List<VideoDir> found = new ArrayList<>();
        int missing = 0;
        for (Path person : listDirs(root)) {
            for (Path video : listDirs(person)) {
                Path frameDir = video.resolve("frames");
                if (!Files.isDirectory(frameDir)) {
                    continue;
                }
                List<Path> frames = listFrames(frameDir);
                if (frames.size() < 2) {
                    continue;
                }
                Path maskDir = video.resolve("masks");
                List<Path> masks = new ArrayList<>();
                for (Path f : frames) {
                    Path m = maskDir.resolve(stem(f) + ".png");
                    if (Files.isRegularFile(m)) {
                        masks.add(m);
                    } else {
                        masks.add(null);
                        missing++;
                    }
                }
                found.add(new VideoDir(person.getFileName().toString(), video.getFileName().toString(),
                        List.copyOf(frames), java.util.Collections.unmodifiableList(masks)));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no videos with at least 2 frames under " + root
                    + " (expected <person>/<video>/frames/*.jpg|png)");
        }
        this.videos = List.copyOf(found);
        this.framesWithoutMask = missing;
        if (missing > 0) {
            LOG.warn("{} of {} frames under {} have no mask: using all-foreground masks for them",
                    missing, frameCount(), root);
        }
    }

    @Override
    public int videoCount() {
        return videos.size();
    }

    @Override
    public int imageSize() {
        return size;
    }

    public List<VideoDir> videos() {
        return videos;
    }

    public int frameCount() {
        return videos.stream().mapToInt(v -> v.frames().size()).sum();
    }

    /** How many frames have no mask file (and so get an all-foreground mask). */
    public int framesWithoutMask() {
        return framesWithoutMask;
    }

    /** Videos with fewer than K + 1 frames repeat identity frames (the target stays distinct). */
    @Override
    public TrainingSample sample(int videoIndex, int k, Random rng) {
        VideoDir v = videos.get(videoIndex);
        int[] pick = FramePicker.pick(v.frames().size(), k, rng);
        List<RgbImage> identity = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            identity.add(frame(videoIndex, pick[i]));
        }
        int t = pick[k];
        return new TrainingSample(identity, frame(videoIndex, t), mask(videoIndex, t), videoIndex);
    }

    public RgbImage frame(int videoIndex, int frame) {
        return ImageResize.squareRgb(read(videos.get(videoIndex).frames().get(frame)), size);
    }

    public Mask mask(int videoIndex, int frame) {
        Path m = videos.get(videoIndex).masks().get(frame);
        if (m == null) {
            byte[] all = new byte[size * size];
            Arrays.fill(all, (byte) 255);
            return new Mask(size, size, all);
        }
        return ImageResize.squareMask(read(m), size);
    }

    private static BufferedImage read(Path p) {
        try {
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) {
                throw new IOException("not a readable image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static List<Path> listDirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> listFrames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
