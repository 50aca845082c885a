package io.reenact.vision.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.train.ProgressBar;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.face.FaceDetector;
import io.reenact.vision.face.FaceTracker;
import io.reenact.vision.face.PaperCrop;
import io.reenact.vision.mask.SelfieSegmenter;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Real videos → the training layout {@code io.reenact.model.data.FrameDirectoryDataset} reads:
 * {@code out/<person>/<video>/frames/NNNNNN.png} and {@code masks/NNNNNN.png}.
 *
 * <p>Each frame is cropped as the paper crops (a tracked, smoothed face box × 1.8, see
 * {@link PaperCrop}) and masked by the person segmenter on the crop. Frames where the detector
 * found no face are left out rather than written with a held box: a held box is fine for live
 * video, but a training pair whose face is elsewhere would teach the generator the wrong pose.
 *
 * <p>Input: either a folder of people ({@code in/<person>/<video file>}), or a folder of video
 * files, or one video file; a lone file's person is its file name.
 */
public final class TrainingSetPreparer {

    private static final List<String> VIDEO_EXTENSIONS = List.of(".mp4", ".avi", ".mkv", ".webm", ".mov", ".m4v", ".flv", ".ts");

    /** What happened to one video. */
    public record VideoResult(String person, String video, int decoded, int written, int withoutFace) {
    }

    private final FaceDetector detector;
    private final SelfieSegmenter segmenter;
    private final PaperCrop crop;
    private final int every;
    private final int maxFrames;
    private final PrintStream progress;

    /**
     * @param every      keep one decoded frame in {@code every} (neighbouring frames are near copies)
     * @param maxFrames  at most this many frames written per video
     */
    public TrainingSetPreparer(FaceDetector detector, SelfieSegmenter segmenter, int size, int every, int maxFrames,
            PrintStream progress) {
        if (every < 1 || maxFrames < 1) {
            throw new IllegalArgumentException("--every and --max-frames must be at least 1");
        }
        this.detector = Objects.requireNonNull(detector, "detector");
        this.segmenter = Objects.requireNonNull(segmenter, "segmenter");
        this.crop = new PaperCrop(size);
        this.every = every;
        this.maxFrames = maxFrames;
        this.progress = progress;
    }

    /** Prepares every video under {@code input} into {@code output}. */
    public List<VideoResult> prepare(Path input, Path output) throws IOException {
        List<VideoResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Path>> person : videosByPerson(input).entrySet()) {
            for (Path video : person.getValue()) {
                results.add(prepareVideo(person.getKey(), video, output));
            }
        }
        if (results.isEmpty()) {
            throw new IOException("no video files (" + String.join(" ", VIDEO_EXTENSIONS) + ") under " + input);
        }
        return results;
    }

    /** One video into {@code output/person/<file name without extension>/}. */
    public VideoResult prepareVideo(String person, Path video, Path output) throws IOException {
        String name = stem(video);
        Path dir = output.resolve(person).resolve(name);
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path masks = Files.createDirectories(dir.resolve("masks"));
        FaceTracker tracker = new FaceTracker(detector);
        int decoded = 0;
        int written = 0;
        int withoutFace = 0;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
            long total = Math.min(maxFrames, Math.max(1, grabber.getLengthInVideoFrames() / every));
            ProgressBar bar = new ProgressBar(progress, "prepare " + person + "/" + name, 0, total);
            Frame frame;
            while (written < maxFrames && (frame = grabber.grabImage()) != null) {
                int index = decoded++;
                if (index % every != 0) {
                    continue;
                }
                RgbImage image = MediaFrames.fromFrame(frame);
                FaceTracker.Tracked tracked = tracker.track(image, index / fps);
                if (tracked.source() != FaceTracker.Source.DETECTED) {
                    withoutFace++;
                    continue;
                }
                RgbImage face = crop.crop(image, tracked.box());
                Mask mask = segmenter.segment(face);
                String file = String.format(Locale.ROOT, "%06d.png", index);
                MediaFrames.writePng(face, frames.resolve(file));
                writeMask(mask, masks.resolve(file));
                written++;
                bar.update(written, Map.of("no-face", (float) withoutFace));
            }
            bar.update(total, Map.of("no-face", (float) withoutFace));
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
        return new VideoResult(person, name, decoded, written, withoutFace);
    }

    static Map<String, List<Path>> videosByPerson(Path input) throws IOException {
        Map<String, List<Path>> byPerson = new java.util.TreeMap<>();
        if (Files.isRegularFile(input)) {
            byPerson.put(stem(input), List.of(input));
            return byPerson;
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("no such file or folder: " + input);
        }
        for (Path entry : sorted(input)) {
            if (Files.isDirectory(entry)) {
                List<Path> videos = sorted(entry).stream().filter(TrainingSetPreparer::isVideo).toList();
                if (!videos.isEmpty()) {
                    byPerson.put(entry.getFileName().toString(), videos);
                }
            } else if (isVideo(entry)) {
                byPerson.put(stem(entry), List.of(entry));
            }
        }
        return byPerson;
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static boolean isVideo(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && VIDEO_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static void writeMask(Mask mask, Path file) {
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(mask.alpha(), 0, grey, 0, grey.length);
        write(img, file);
    }

    private static void write(BufferedImage img, Path file) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
