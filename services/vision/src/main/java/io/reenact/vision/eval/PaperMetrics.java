package io.reenact.vision.eval;

import io.reenact.model.Rendering;
import io.reenact.model.AvatarSources;
import io.reenact.model.Reenactor;
import io.reenact.model.RgbImage;
import io.reenact.model.data.ContactSheet;
import io.reenact.model.data.Landmarks68;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.eval.HeldOutPopulation;
import io.reenact.model.eval.ImageMetrics;
import io.reenact.vision.landmarks.DlibShapePredictor;
import io.reenact.vision.landmarks.KeypointBaseline;
import io.reenact.vision.landmarks.LandmarkBox;
import io.reenact.vision.landmarks.PoseError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The paper's two evaluation figures on held-out synthetic identities (the TEST split), where the
 * exact image of avatar A in driver B's pose can be rendered:
 * <ol>
 *   <li><b>pose error under self-driving</b>: A driven by another video of A; dlib's 68 landmarks
 *   on the output against dlib's landmarks on the ground-truth frame, as the paper's normalised mean
 *   error (mean point distance over the outer-eye-corner distance). Reported beside the detector's
 *   own floor (dlib on the ground truth against the renderer's exact landmarks), the avatar's mean
 *   enrolment frame (which has no pose at all) and the keypoint baseline;</li>
 *   <li><b>identity error under cross-driving</b>: A driven by B; {@link ShapeCues} of dlib's
 *   landmarks on the output against those on A's ground truth (A in B's pose) and on B's frame:
 *   how far the output's face shape is from A's, whether it is closer to A's than to B's, and
 *   where it lies on the line from A's shape to B's. Same for {@link KeypointBaseline}, which
 *   warps A's enrolment frame onto B's landmarks; plus masked PSNR of both against the ground truth.
 *   Because dlib's read of shape follows appearance, the same is also measured against
 *   appearance-matched references (A's ground truth warped onto B's exact landmarks), and two
 *   controls (A's ground truth warped halfway and fully onto B's shape) show what the measures
 *   can see.</li>
 * </ol>
 *
 * <p>Every landmark set of one sample is predicted in the same dlib-like box, fitted to the exact
 * landmarks of the ground truth (self-driving) or to the mean of A's and B's exact landmarks in B's
 * pose (cross-driving, so that the box favours neither shape). The box carries the true head
 * position and size, which the mean frame and a poorly posed output get for free: the pose errors
 * measure what the detector reads off the pixels inside a correct box.
 */
public final class PaperMetrics {

    /**
     * @param checkpoint inference checkpoint directory; null for the checkpoint shipped in the model jar
     * @param out        where paper-metrics.md and the PNGs go
     * @param seed       synthetic-head population seed (the one training used: its TEST split is unseen)
     * @param identities held-out avatars; each is also the cross driver of the one before it
     * @param frames     driver frames per avatar and mode
     * @param k          enrolment frames per avatar
     */
    public record Config(Path checkpoint, Path out, long seed, int identities, int frames, int k) {

        public Config {
            Objects.requireNonNull(out, "out");
            if (identities < 2 || frames < 1 || k < 1) {
                throw new IllegalArgumentException("need identities ≥ 2 (each drives another), frames ≥ 1, k ≥ 1; got "
                        + identities + ", " + frames + ", " + k);
            }
        }

        public static Config defaults(Path out) {
            return new Config(null, out, 1L, 20, 8, 8);
        }
    }

    /**
     * One self-driven frame: pose errors (normalised mean error) against dlib on the ground truth, and
     * masked PSNR. {@code keypoint} is {@link KeypointBaseline#reenact} as it is (the avatar's head
     * placement); {@code placed} the same warp placed at the driver's head ({@link DriverPlacement}).
     */
    public record SelfSample(int avatar, int frame, double detectorFloor, double model, double modelToExact,
                             double modelAligned, double meanFrame, double keypoint, double placed, double modelPsnr,
                             double keypointPsnr, double placedPsnr) {
    }

    /**
     * How one method did on one cross-driven frame: pose error against dlib on A's ground truth,
     * identity error ({@link ShapeCues#distance} to A's ground truth), whether its cues are closer to
     * A's than to B's frame's, its position on the line from A's cues (0) to B's (1); the same two
     * against appearance-matched references (A's ground truth, and A's ground truth warped onto B's
     * exact landmarks: A's pixels in B's shape), which leave dlib only the shape to tell apart; and
     * masked PSNR.
     */
    public record Score(double pose, double identity, boolean closerToAvatar, double towardsDriver,
                        boolean matchedCloserToAvatar, double matchedTowardsDriver, double psnr) {
    }

    /**
     * One cross-driven frame: the A-to-B cue distance (dlib and exact landmarks) and each method's
     * score. The controls: {@code fullLeak} is A's ground truth warped onto B's exact landmarks (A's
     * pixels, all of B's face shape; if the measure against B's frame cannot tell it from A, that
     * measure cannot see leakage), {@code halfLeak} the same warp onto the midway shape (the
     * appearance-matched measure should put it near 0.5).
     */
    public record CrossSample(int avatar, int driver, int frame, double shapeGap, double shapeGapExact, Score model,
                              Score keypoint, Score placed, Score halfLeak, Score fullLeak) {
    }

    /**
     * @param cueCorrelation per shape cue, the correlation over the cross-driving samples between the
     *                       cue read by dlib on A's ground truth and the same cue from the exact
     *                       landmarks: how well dlib sees each identity cue on these renders at all
     */
    public record Result(String modelVersion, List<SelfSample> self, List<CrossSample> cross, double[] cueCorrelation,
                         Path markdown, Path scatter, Path landmarkSheet) {
    }

    private static final int SHEET_ROWS = 6;

    private final Config config;
    private final PrintStream log;
    private final DlibShapePredictor dlib;

    public PaperMetrics(Config config, DlibShapePredictor dlib, PrintStream log) {
        this.config = Objects.requireNonNull(config, "config");
        this.dlib = Objects.requireNonNull(dlib, "dlib");
        this.log = Objects.requireNonNull(log, "log");
    }

    public Result run(Reenactor model) throws IOException {
        Files.createDirectories(config.out());
        int size = model.config().imageSize();
        HeldOutPopulation population = new HeldOutPopulation(config.seed(), config.identities());
        SyntheticHeads heads = population.heads();
        int n = population.size();
        List<SelfSample> selfSamples = new ArrayList<>();
        List<CrossSample> crossSamples = new ArrayList<>();
        List<List<RgbImage>> selfSheet = new ArrayList<>();
        List<List<RgbImage>> crossSheet = new ArrayList<>();
        List<double[]> truthCuesDlib = new ArrayList<>();
        List<double[]> truthCuesExact = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < n; a++) {
            List<RenderedFrame> enrolFrames = population.enrolmentFrames(a, config.k(), size);
            float[] identity = model.encodeIdentity(enrolFrames.stream().map(RenderedFrame::image).toList());
            AvatarSources sources = model.prepareSources(enrolFrames.stream().map(RenderedFrame::image).toList(),
                    enrolFrames.stream().map(RenderedFrame::mask).toList());
            RgbImage meanFrame = ImageMetrics.mean(enrolFrames.stream()
                    .map(f -> ImageMetrics.composeOnBlack(f.image(), f.mask())).toList());
            // the keypoint baseline's avatar: one enrolment frame and dlib's landmarks on it
            RenderedFrame first = enrolFrames.get(0);
            RgbImage avatarImage = ImageMetrics.composeOnBlack(first.image(), first.mask());
            float[] avatarLandmarks = dlib.predict(avatarImage, dlib.boxFor(first.landmarks()));

            // self-driving: A's other video drives A; the driver frame is the ground truth
            SyntheticVideo ownDrive = population.driveVideo(a);
            List<RenderedFrame> drivers = driverFrames(ownDrive, size);
            List<Rendering> outputs = drive(model, identity, sources, drivers);
            for (int t = 0; t < drivers.size(); t++) {
                RenderedFrame truth = drivers.get(t);
                RgbImage reference = ImageMetrics.composeOnBlack(truth.image(), truth.mask());
                LandmarkBox box = dlib.boxFor(truth.landmarks());
                float[] onTruth = dlib.predict(reference, box);
                RgbImage output = outputs.get(t).image();
                float[] onOutput = dlib.predict(output, box);
                float[] onMean = dlib.predict(meanFrame, box);
                float[] driverLandmarks = dlib.predict(truth.image(), box);
                RgbImage keypoint = KeypointBaseline.reenact(avatarImage, avatarLandmarks, driverLandmarks);
                float[] onKeypoint = dlib.predict(keypoint, box);
                RgbImage placed = KeypointBaseline.warp(avatarImage, avatarLandmarks,
                        DriverPlacement.target(driverLandmarks, avatarLandmarks));
                float[] onPlaced = dlib.predict(placed, box);
                PoseError.Result modelError = PoseError.between(onTruth, onOutput);
                selfSamples.add(new SelfSample(a, t,
                        Landmarks68.normalizedMeanError(onTruth, truth.landmarks()),
                        modelError.error(),
                        Landmarks68.normalizedMeanError(onOutput, truth.landmarks()),
                        modelError.alignedError(),
                        Landmarks68.normalizedMeanError(onMean, onTruth),
                        Landmarks68.normalizedMeanError(onKeypoint, onTruth),
                        Landmarks68.normalizedMeanError(onPlaced, onTruth),
                        ImageMetrics.maskedPsnr(output, reference, truth.mask()),
                        ImageMetrics.maskedPsnr(keypoint, reference, truth.mask()),
                        ImageMetrics.maskedPsnr(placed, reference, truth.mask())));
                if (selfSheet.size() < SHEET_ROWS && t == 0) {
                    selfSheet.add(List.of(Sheets.withLandmarks(reference, truth.landmarks()),
                            Sheets.withLandmarks(reference, onTruth), Sheets.withLandmarks(output, onOutput),
                            Sheets.withLandmarks(meanFrame, onMean), Sheets.withLandmarks(keypoint, onKeypoint),
                            Sheets.withLandmarks(placed, onPlaced)));
                }
            }

            // cross-driving: the next identity drives A; the ground truth is A rendered in B's pose
            int b = (a + 1) % n;
            SyntheticVideo otherDrive = population.driveVideo(b);
            List<RenderedFrame> crossDrivers = driverFrames(otherDrive, size);
            List<Rendering> crossOutputs = drive(model, identity, sources, crossDrivers);
            for (int t = 0; t < crossDrivers.size(); t++) {
                int frame = HeldOutPopulation.driveFrame(t, config.frames());
                RenderedFrame driver = crossDrivers.get(t);
                RenderedFrame truth = heads.render(population.person(a), otherDrive.pose(frame), otherDrive.background(), size);
                RgbImage reference = ImageMetrics.composeOnBlack(truth.image(), truth.mask());
                RgbImage driverOnBlack = ImageMetrics.composeOnBlack(driver.image(), driver.mask());
                LandmarkBox box = dlib.boxFor(midway(truth.landmarks(), driver.landmarks()));
                float[] onTruth = dlib.predict(reference, box);
                float[] onDriver = dlib.predict(driverOnBlack, box);
                RgbImage output = crossOutputs.get(t).image();
                float[] onOutput = dlib.predict(output, box);
                float[] driverLandmarks = dlib.predict(driver.image(), box);
                RgbImage keypoint = KeypointBaseline.reenact(avatarImage, avatarLandmarks, driverLandmarks);
                float[] onKeypoint = dlib.predict(keypoint, box);
                RgbImage placed = KeypointBaseline.warp(avatarImage, avatarLandmarks,
                        DriverPlacement.target(driverLandmarks, avatarLandmarks));
                float[] onPlaced = dlib.predict(placed, box);
                RgbImage leak = KeypointBaseline.warp(reference, truth.landmarks(), driver.landmarks());
                RgbImage half = KeypointBaseline.warp(reference, truth.landmarks(),
                        midway(truth.landmarks(), driver.landmarks()));
                double[] cuesA = cues(reference, onTruth);
                double[] cuesB = cues(driverOnBlack, onDriver);
                double[] cuesLeak = cues(leak, dlib.predict(leak, box));
                truthCuesDlib.add(cuesA);
                truthCuesExact.add(ShapeCues.of(truth.landmarks()));
                crossSamples.add(new CrossSample(a, b, t,
                        ShapeCues.distance(cuesA, cuesB),
                        ShapeCues.distance(ShapeCues.of(truth.landmarks()), ShapeCues.of(driver.landmarks())),
                        score(output, onOutput, onTruth, reference, truth, cuesA, cuesB, cuesLeak),
                        score(keypoint, onKeypoint, onTruth, reference, truth, cuesA, cuesB, cuesLeak),
                        score(placed, onPlaced, onTruth, reference, truth, cuesA, cuesB, cuesLeak),
                        score(half, dlib.predict(half, box), onTruth, reference, truth, cuesA, cuesB, cuesLeak),
                        score(leak, dlib.predict(leak, box), onTruth, reference, truth, cuesA, cuesB, cuesLeak)));
                if (crossSheet.size() < SHEET_ROWS && t == 0) {
                    crossSheet.add(List.of(Sheets.withLandmarks(driverOnBlack, onDriver),
                            Sheets.withLandmarks(reference, onTruth), Sheets.withLandmarks(output, onOutput),
                            Sheets.withLandmarks(keypoint, onKeypoint), Sheets.withLandmarks(placed, onPlaced),
                            Sheets.withLandmarks(avatarImage, avatarLandmarks),
                            Sheets.withLandmarks(leak, dlib.predict(leak, box))));
                }
            }
            log.printf(Locale.ROOT, "paper-metrics: avatar %d/%d done (%d self + %d cross frames, %.1f s)%n",
                    a + 1, n, selfSamples.size(), crossSamples.size(), (System.nanoTime() - start) / 1e9);
        }

        Path sheet = config.out().resolve("paper-metrics-landmarks.png");
        List<List<RgbImage>> rows = new ArrayList<>(selfSheet);
        rows.addAll(crossSheet);
        ContactSheet.write(rows, List.of("truth, exact | driver B", "truth, dlib | A in B's pose",
                "model", "mean frame | keypoint", "keypoint | placed", "placed | A enrolment", "| control"), sheet);
        Path scatter = config.out().resolve("paper-metrics-scatter.png");
        Sheets.scatter(crossSamples, scatter);
        Path md = config.out().resolve("paper-metrics.md");
        Result result = new Result(model.modelVersion(), List.copyOf(selfSamples), List.copyOf(crossSamples),
                ShapeCues.correlation(truthCuesDlib, truthCuesExact), md, scatter, sheet);
        Files.writeString(md, PaperMetricsReport.markdown(config, result));
        log.print(PaperMetricsReport.summary(result));
        log.printf(Locale.ROOT, "paper-metrics: wrote %s, %s, %s (%.1f s)%n", md, scatter, sheet,
                (System.nanoTime() - start) / 1e9);
        return result;
    }

    /**
     * Shape cues from landmarks predicted again in the box fitted to a first prediction: the shared
     * box suits the ground truth, not a face the method put elsewhere or drew larger, and a box off
     * the face bends dlib's shape towards its mean.
     */
    private double[] cues(RgbImage image, float[] firstPrediction) {
        return ShapeCues.of(dlib.predict(image, dlib.boxFor(firstPrediction)));
    }

    private Score score(RgbImage image, float[] landmarks, float[] onTruth, RgbImage reference,
                        RenderedFrame truth, double[] cuesA, double[] cuesB, double[] cuesLeak) {
        double[] cues = cues(image, landmarks);
        double toA = ShapeCues.distance(cues, cuesA);
        return new Score(Landmarks68.normalizedMeanError(landmarks, onTruth), toA, toA < ShapeCues.distance(cues, cuesB),
                ShapeCues.along(cues, cuesA, cuesB),
                toA < ShapeCues.distance(cues, cuesLeak), ShapeCues.along(cues, cuesA, cuesLeak),
                ImageMetrics.maskedPsnr(image, reference, truth.mask()));
    }

    private List<RenderedFrame> driverFrames(SyntheticVideo video, int size) {
        List<RenderedFrame> frames = new ArrayList<>();
        for (int t = 0; t < config.frames(); t++) {
            frames.add(video.frame(HeldOutPopulation.driveFrame(t, config.frames()), size));
        }
        return frames;
    }

    private static List<Rendering> drive(Reenactor model, float[] identity, AvatarSources sources,
                                         List<RenderedFrame> drivers) {
        List<float[]> poses = model.encodePoses(drivers.stream().map(RenderedFrame::image).toList());
        if (!model.warps()) {
            return model.render(identity, poses);
        }
        List<Rendering> out = new ArrayList<>(poses.size());
        for (float[] pose : poses) {
            out.add(model.render(identity, pose, sources));
        }
        return out;
    }

    private static float[] midway(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = (a[i] + b[i]) / 2;
        }
        return m;
    }
}
