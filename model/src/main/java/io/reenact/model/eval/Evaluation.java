package io.reenact.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.ExpressionReading;
import io.reenact.model.GeneratedFrame;
import io.reenact.model.WarpSources;
import io.reenact.model.WarpedFrame;
import io.reenact.model.data.HeadPose;
import java.util.LinkedHashMap;
import java.util.Map;
import io.reenact.model.GeneratorWeights;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.RelativePose;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.WeightsFile;
import io.reenact.model.data.ContactSheet;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.data.TrueFlow;
import io.reenact.model.layers.Ops;
import io.reenact.model.finetune.FineTuner;
import io.reenact.model.train.ImageTensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a checkpoint on held-out synthetic identities (the TEST split, disjoint from training),
 * where — unlike with real video — the exact image of avatar A in driver B's pose can be rendered.
 * <ul>
 *   <li>self-driving: A's identity frames come from one video of A, the driver from another video of A
 *   (other motion, other backdrop);</li>
 *   <li>cross-driving: drivers are other TEST identities; the ground truth is A rendered in the
 *   driver's exact pose and expression.</li>
 * </ul>
 * Every output is scored by PSNR and SSIM over the ground-truth foreground mask (output = RGB × predicted
 * mask, reference = ground truth × its mask), beside two trivial baselines: the avatar's mean identity
 * frame, and the driver frame itself. Identity leakage: for cross-driving, is the output closer to A's
 * true rendering or to the driver's own frame (over the union of both masks)? Landmark pose error would
 * need a landmark detector run on the outputs; the project has none for synthetic outputs yet, so it is
 * not reported.
 */
public final class Evaluation {

    /** The figures of one driving mode. */
    public record ModeResult(String mode, int outputs, double psnr, double ssim, double maskIou,
                             double meanFramePsnr, double meanFrameSsim, double driverPsnr, double driverSsim,
                             double psnrInside, double meanFramePsnrInside) {
    }

    /**
     * How far inside the truth's outline {@code psnr_inside} scores: a head's outline is where a
     * pixel's error between head and black background is largest, so a flow or mask off by a pixel there
     * costs more than anywhere inside (the shipped weights, new heads: 22.37 dB over the whole head,
     * 23.25 two pixels in, 23.11 four pixels in).
     */
    static final int OUTLINE_PX = 2;

    /**
     * @param closerToAvatar fraction of cross-driven outputs closer (MSE) to the avatar's true rendering
     *                       than to the driver's frame
     * @param psnrMargin     mean of PSNR(output, avatar truth) − PSNR(output, driver frame), dB
     */
    public record Leakage(double closerToAvatar, double psnrMargin) {
    }

    public record Result(ModeResult self, ModeResult cross, Leakage leakage, Path markdown, Path grid,
                         Map<String, Object> figures) {
    }

    private static final int GRID_ROWS = 12;

    private final EvalConfig config;
    private final PrintStream log;

    private LandmarkReader landmarks;
    private ExpressionReading expressionReading;

    public Evaluation(EvalConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /** Reads landmarks off outputs and truths for expression following (without one it is not measured). */
    public Evaluation withLandmarks(LandmarkReader reader) {
        this.landmarks = reader;
        return this;
    }

    /** Chooses the frame to warp by code and this reading, as serving does (null: by code alone). */
    public Evaluation withExpressionReading(ExpressionReading reading) {
        this.expressionReading = reading;
        return this;
    }

    public Result run(LatentPoseModel model) throws IOException {
        Files.createDirectories(config.out());
        int size = model.config().imageSize();
        HeldOutPopulation population = new HeldOutPopulation(config.seed(), config.identities(), config.people());
        SyntheticHeads heads = population.heads();
        int n = population.size();
        Accumulator self = new Accumulator("self-driving");
        Accumulator cross = new Accumulator("cross-driving");
        Map<String, MethodScores> scores = new LinkedHashMap<>();
        for (String mode : List.of("cross", "self")) {
            for (String method : List.of("output", "mean_frame", "driver", "own_code", "relative", "oracle_warp")) {
                scores.put(mode + "/" + method, new MethodScores());
            }
        }
        Map<String, SourceChoice> choices = Map.of("cross", new SourceChoice(), "self", new SourceChoice());
        Map<String, WarpKept> keptShare = Map.of("cross", new WarpKept(), "self", new WarpKept());
        PoseCodeLeak codeLeak = new PoseCodeLeak();
        MetricSummary closer = new MetricSummary();
        MetricSummary margin = new MetricSummary();
        List<List<RgbImage>> grid = new ArrayList<>();
        long start = System.nanoTime();
        try (NDManager root = model.manager().getParentManager().newSubManager()) {
            for (int a = 0; a < n; a++) {
                List<RenderedFrame> identityFrames = population.enrolmentFrames(a, config.k(), size);
                List<RgbImage> idImages = identityFrames.stream().map(RenderedFrame::image).toList();
                RgbImage meanFrame = ImageMetrics.mean(identityFrames.stream()
                        .map(f -> ImageMetrics.composeOnBlack(f.image(), f.mask())).toList());
                List<HeadPose> enrolPoses = population.enrolmentPoses(a, config.k());
                Avatar avatar = avatar(model, root, identityFrames);
                for (int d = 0; d <= config.drivers(); d++) {
                    boolean isSelf = d == 0;
                    int driverIndex = isSelf ? a : (a + d) % n;
                    SyntheticVideo drive = population.driveVideo(driverIndex);
                    List<RenderedFrame> drivers = new ArrayList<>();
                    List<RenderedFrame> truths = new ArrayList<>();
                    List<HeadPose> targetPoses = new ArrayList<>();
                    for (int t = 0; t < config.frames(); t++) {
                        int frame = HeldOutPopulation.driveFrame(t, config.frames());
                        RenderedFrame driver = drive.frame(frame, size);
                        drivers.add(driver);
                        truths.add(isSelf ? driver
                                : heads.render(population.person(a), drive.pose(frame), drive.background(), size));
                        targetPoses.add(drive.pose(frame));
                    }
                    Driven driven = drive(avatar, root, drivers, identityFrames, expressionReading);
                    // cross-driving only: the avatar driven by codes other than the driver frames', by baseline
                    Map<String, List<RenderedFrame>> byOtherCodes = new LinkedHashMap<>();
                    if (!isSelf) {
                        // the truth is the avatar in the driver's pose: its code is that pose with none of the driver's person
                        Driven own = drive(avatar, root, truths, identityFrames, expressionReading);
                        byOtherCodes.put("own_code", own.frames());
                        // relative mode from a start where the avatar holds the driver's first pose, so that
                        // its truth is the same: the part of the driver's person that stays put cancels
                        List<float[]> moved = new ArrayList<>();
                        for (float[] code : driven.codes()) {
                            moved.add(RelativePose.apply(own.codes().get(0), code, driven.codes().get(0)));
                        }
                        byOtherCodes.put("relative", driveByCodes(avatar, root, moved, identityFrames, expressionReading).frames());
                        for (int t = 0; t < drivers.size(); t++) {
                            codeLeak.add(driven.codes().get(t), own.codes().get(t));
                        }
                    }
                    List<RenderedFrame> outputs = driven.frames();
                    for (int t = 0; t < drivers.size(); t++) {
                        RenderedFrame truth = truths.get(t);
                        RenderedFrame driver = drivers.get(t);
                        RgbImage reference = ImageMetrics.composeOnBlack(truth.image(), truth.mask());
                        RgbImage output = outputs.get(t).image();
                        RgbImage driverOnBlack = ImageMetrics.composeOnBlack(driver.image(), driver.mask());
                        Accumulator acc = isSelf ? self : cross;
                        acc.add(output, outputs.get(t).mask(), meanFrame, driverOnBlack, reference, truth.mask());
                        RgbImage oracle = OracleWarp.render(population.person(a), targetPoses.get(t), identityFrames,
                                enrolPoses, size);
                        String mode = isSelf ? "self" : "cross";
                        if (driven.warped() != null) {
                            choices.get(mode).add(targetPoses.get(t), enrolPoses, driven.kept(),
                                    driven.warped()[t]);
                            HeadPose warpedPose = enrolPoses.get(driven.warped()[t]);
                            int plane = size * size;
                            keptShare.get(mode).add(
                                    Arrays.copyOfRange(driven.occlusion(), t * plane, (t + 1) * plane),
                                    TrueFlow.between(population.person(a), targetPoses.get(t), warpedPose, size),
                                    targetPoses.get(t).jawOpen() - warpedPose.jawOpen());
                        }
                        float[] place = truth.landmarks();
                        float[] onTruth = read(reference, place);
                        scores.get(mode + "/output").add(output, reference, truth.mask(), place, read(output, place), onTruth);
                        scores.get(mode + "/mean_frame").add(meanFrame, reference, truth.mask(), place,
                                read(meanFrame, place), onTruth);
                        scores.get(mode + "/oracle_warp").add(oracle, reference, truth.mask(), place, read(oracle, place),
                                onTruth);
                        if (!isSelf) {
                            scores.get(mode + "/driver").add(driverOnBlack, reference, truth.mask(), place,
                                    read(driverOnBlack, place), onTruth);
                        }
                        for (Map.Entry<String, List<RenderedFrame>> other : byOtherCodes.entrySet()) {
                            RgbImage image = other.getValue().get(t).image();
                            scores.get(mode + "/" + other.getKey()).add(image, reference, truth.mask(), place,
                                    read(image, place), onTruth);
                        }
                        if (!isSelf) {
                            Mask union = ImageMetrics.union(truth.mask(), driver.mask());
                            double toAvatar = ImageMetrics.maskedMse(output, reference, union);
                            double toDriver = ImageMetrics.maskedMse(output, driverOnBlack, union);
                            closer.add(toAvatar < toDriver ? 1 : 0);
                            margin.add(ImageMetrics.maskedPsnr(output, reference, union)
                                    - ImageMetrics.maskedPsnr(output, driverOnBlack, union));
                            if (grid.size() < GRID_ROWS && t % 3 == 0) {
                                grid.add(List.of(driver.image(), reference, output, oracle, meanFrame, idImages.get(0)));
                            }
                        }
                    }
                }
                avatar.close();
                scores.values().forEach(MethodScores::endAvatar);
                log.printf(Locale.ROOT, "eval: avatar %d/%d  cross PSNR so far %.2f dB  (%.1f s)%n", a + 1, n,
                        cross.psnr.mean(), (System.nanoTime() - start) / 1e9);
            }
        }
        Leakage leakage = new Leakage(closer.mean(), margin.mean());
        PoseSensitivity sensitivity = null;
        if (!model.config().warps()) {
            try (NDManager root = NDManager.newBaseManager()) {
                sensitivity = PoseSensitivity.measure(model, population, config.k(), config.frames(), size, root);
            }
        }
        PoseProbe probe;
        try (NDManager root = NDManager.newBaseManager()) {
            probe = PoseProbe.measure(model, new HeldOutPopulation(config.seed(), PoseProbe.PEOPLE), root);
        }
        FlowAccuracy flow = null;
        if (model.config().warps()) {
            try (NDManager root = NDManager.newBaseManager()) {
                flow = FlowAccuracy.measure(model, population, config.k(), config.frames(), root);
            }
        }
        Path gridPng = config.out().resolve("eval-grid.png");
        ContactSheet.write(grid, List.of("driver", "ground truth", "output", "oracle warp", "avatar mean frame",
                        "avatar frame"), gridPng);
        ModeResult s = self.result();
        ModeResult c = cross.result();
        Map<String, Object> figures = figures(scores, model);
        if (!choices.get("cross").isEmpty()) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("cross", clean(choices.get("cross").figures()));
            choice.put("self", clean(choices.get("self").figures()));
            figures.put("source_choice", choice);
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("cross", clean(keptShare.get("cross").figures()));
            kept.put("self", clean(keptShare.get("self").figures()));
            figures.put("warp_kept", kept);
        }
        Map<String, Object> inside = new LinkedHashMap<>();
        for (ModeResult m : List.of(c, s)) {
            Map<String, Double> both = new LinkedHashMap<>();
            both.put("output", m.psnrInside());
            both.put("mean_frame", m.meanFramePsnrInside());
            inside.put(m == c ? "cross" : "self", clean(both));
        }
        figures.put("psnr_inside", inside);
        figures.put("pose_probe_r2", clean(probe.r2()));
        figures.put("pose_code_leak", clean(codeLeak.figures()));
        if (flow != null) {
            Map<String, Object> flowError = new LinkedHashMap<>();
            flowError.put("self", flowFigures(flow.self()));
            flowError.put("cross", flowFigures(flow.cross()));
            figures.put("flow_error_px", flowError);
        }
        Path md = config.out().resolve("eval.md");
        Files.writeString(md, markdown(s, c, leakage, sensitivity, model) + figuresMarkdown(scores)
                + choiceMarkdown(choices, keptShare) + probeMarkdown(probe) + leakMarkdown(codeLeak) + (flow == null ? "" : flowMarkdown(flow)));
        if (config.json() != null) {
            Files.createDirectories(config.json().toAbsolutePath().getParent());
            Files.writeString(config.json(), JSON.toJson(figures));
        }
        MethodScores out = scores.get("cross/output");
        log.printf(Locale.ROOT, "eval: cross-driving masked PSNR %.2f dB (mean frame %.2f, driver %.2f, oracle warp %.2f), "
                        + "sharpness %.2f, self %.2f dB; closer to avatar %.0f%%; wrote %s and %s%n",
                c.psnr(), c.meanFramePsnr(), c.driverPsnr(), scores.get("cross/oracle_warp").psnr(), out.sharpness(),
                s.psnr(), 100 * leakage.closerToAvatar(), md, gridPng);
        return new Result(s, c, leakage, md, gridPng, figures);
    }

    private static final com.google.gson.Gson JSON = new com.google.gson.GsonBuilder().setPrettyPrinting()
            .serializeNulls().create();

    private float[] read(RgbImage image, float[] placement) {
        return landmarks == null ? null : landmarks.read(image, placement);
    }

    /**
     * The fixed-key figures: cross, self, baselines.{mean_frame, driver, own_code, relative, oracle_warp} (cross, with
     * their self where there is one).
     */
    private Map<String, Object> figures(Map<String, MethodScores> scores, LatentPoseModel model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config", model.config().name());
        root.put("people", config.people().name().toLowerCase(Locale.ROOT));
        root.put("checkpoint", config.checkpoint() == null ? null : config.checkpoint().toString());
        root.put("cross", clean(scores.get("cross/output").figures()));
        root.put("self", clean(scores.get("self/output").figures()));
        Map<String, Object> baselines = new LinkedHashMap<>();
        for (String b : List.of("mean_frame", "driver", "own_code", "relative", "oracle_warp")) {
            Map<String, Object> m = clean(scores.get("cross/" + b).figures());
            if (List.of("mean_frame", "oracle_warp").contains(b)) {
                m.put("self", clean(scores.get("self/" + b).figures()));
            }
            baselines.put(b, m);
        }
        root.put("baselines", baselines);
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("cross", clean(scores.get("cross/output").standardErrors()));
        errors.put("self", clean(scores.get("self/output").standardErrors()));
        root.put("standard_error", errors);
        root.put("expression_measured_by", landmarks == null ? null : "dlib 68 landmarks");
        return root;
    }

    private static Map<String, Object> clean(Map<String, Double> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null || v.isNaN() ? null : (Object) (Math.round(v * 10000) / 10000.0)));
        return out;
    }

    private String figuresMarkdown(Map<String, MethodScores> scores) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## Figures that blur cannot win\n\n");
        sb.append("Eye and mouth PSNR: over boxes around the true landmarks 36–47 and 48–67. Sharpness: the Laplacian ")
                .append("energy inside the face over the truth's (1 = as sharp). Expression following: correlation over ")
                .append("frames of mouth opening and eye openness read by ")
                .append(landmarks == null ? "(no landmark reader given: not measured)" : "dlib")
                .append(" on the image and on the truth. own_code: the renderer driven by the ground truth's own pose ")
                .append("code in place of the driver frame's (the avatar's face in the driver's pose: a code with none of ")
                .append("the driver's person in it); what it gains over output is the price of the driver's face in the ")
                .append("code, and what it still misses the renderer's. relative: relative mode (the driver's change of ")
                .append("code since its first frame, added to the avatar's) from a start where the avatar holds the driver's ")
                .append("first pose (the truth's first code), so that its truth is the same: the driver's face in the code ")
                .append("cancels where it stays the same while the driver moves, and the two first frames' errors are added.\n\n");
        sb.append("| mode | method | PSNR | SSIM | eyes PSNR | mouth PSNR | sharpness | mouth-open corr | eye-open corr |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        scores.forEach((key, sc) -> {
            Map<String, Double> f = sc.figures();
            if (f.get("frames") == 0) {
                return;
            }
            String[] parts = key.split("/");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.3f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    parts[0], parts[1], f.get("psnr"), f.get("ssim"), f.get("eyes_psnr"), f.get("mouth_psnr"),
                    f.get("sharpness"), f.get("mouth_open_corr"), f.get("eye_open_corr")));
        });
        List<String> errors = new ArrayList<>();
        for (String mode : List.of("cross", "self")) {
            MethodScores sc = scores.get(mode + "/output");
            Double r = sc == null ? null : sc.figures().get("mouth_open_corr");
            if (r != null && !r.isNaN()) {
                double n = sc.figures().get("frames");
                errors.add(String.format(Locale.ROOT, "%.2f over the %.0f %s-driving frames",
                        MethodScores.correlationError(r, n), n, mode));
            }
        }
        List<String> between = new ArrayList<>();
        for (String mode : List.of("cross", "self")) {
            Map<String, Double> se = scores.get(mode + "/output").standardErrors();
            if (!se.get("psnr").isNaN()) {
                between.add(String.format(Locale.ROOT, "%s-driving PSNR ±%.2f dB, eyes ±%.2f, mouth ±%.2f", mode,
                        se.get("psnr"), se.get("eyes_psnr"), se.get("mouth_psnr")));
            }
        }
        if (!between.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nThe output's means over %.0f avatars are uncertain by (standard error ",
                    scores.get("cross/output").standardErrors().get("avatars")))
                    .append("between avatars): ").append(String.join("; ", between))
                    .append(". That is how far a level could move on other people, what matters against a bar; two ")
                    .append("checkpoints scored on the same people are compared with less noise than that.\n");
        }
        if (!errors.isEmpty()) {
            sb.append("\nA correlation r over n frames is uncertain by about (1 − r²)/√(n − 1): the output's mouth-open ")
                    .append("correlation by ").append(String.join(", ", errors))
                    .append(". Two figures closer than that do not tell two renderers apart.\n");
        }
        return sb.toString();
    }

    private static String choiceMarkdown(Map<String, SourceChoice> choices, Map<String, WarpKept> keptShare) {
        if (choices.get("cross").isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Which frame is warped\n\n");
        sb.append("Correlation over frames of the driver's exact jaw opening with that of the avatar frame warped, and ")
                .append("with that of the kept frame nearest it in jaw opening (the best the choice could do). The ")
                .append("output shows the warped frame's mouth, so it cannot follow the driver better than the first.\n\n");
        sb.append("| mode | warped frame | best kept frame |\n| --- | ---: | ---: |\n");
        for (String mode : List.of("cross", "self")) {
            Map<String, Double> f = choices.get(mode).figures();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", mode, f.get("warped_jaw_corr"),
                    f.get("best_kept_jaw_corr")));
        }
        sb.append(String.format(Locale.ROOT, "%nHow much of the warp the output keeps (the occlusion map: 1 = the warped frame, "
                + "0 = the refiner's fill) on the pixels the warped frame's expression hides, in frames where the driver's jaw "
                + "is open wider than the frame's by more than %.1f (mostly the inside of the mouth), against the pixels "
                + "the frame shows. "
                + "A mouth opens in the output only where the warp gives way.%n%n", WarpKept.OPENING));
        sb.append("| mode | where the jaw opens | where shown | opening frames |\n| --- | ---: | ---: | ---: |\n");
        for (String mode : List.of("cross", "self")) {
            Map<String, Double> f = keptShare.get(mode).figures();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f |%n", mode, f.get("where_jaw_opens"),
                    f.get("where_shown"), f.get("opening_frames")));
        }
        return sb.toString();
    }

    private static String probeMarkdown(PoseProbe probe) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## What the pose code carries\n\n");
        sb.append(String.format(Locale.ROOT, "R² of a linear probe from the pose encoder's code to each true factor, fitted on "
                + "%d synthetic training people's videos and scored on %d held-out people's driving videos (1 = exact, "
                + "0 = no better than the mean). An expression the code does not carry cannot reach the output.%n%n",
                PoseProbe.FIT_PEOPLE, PoseProbe.PEOPLE));
        sb.append("| ").append(String.join(" | ", PoseProbe.FACTORS)).append(" |\n");
        sb.append("|").append(" ---: |".repeat(PoseProbe.FACTORS.size())).append("\n|");
        for (String f : PoseProbe.FACTORS) {
            sb.append(String.format(Locale.ROOT, " %.2f |", probe.r2().get(f)));
        }
        return sb.append("\n").toString();
    }

    private static String leakMarkdown(PoseCodeLeak leak) {
        Map<String, Double> f = leak.figures();
        return String.format(Locale.ROOT, "%nWho the driver is, in the code: over the %.0f cross-driving frames, the squared distance "
                + "between a driver frame's code and its ground truth's (the avatar in the same pose and expression, over the "
                + "same background) is %.3f of the spread of the drivers' codes (0: the code reads pose alone).%n",
                f.get("pairs"), f.get("distance_over_spread"));
    }

    private static Map<String, Object> flowFigures(FlowAccuracy.Part p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", p.errorPx());
        out.put("non_affine", p.nonAffinePx());
        out.put("truth_non_affine", p.truthNonAffinePx());
        out.put("non_cubic", p.nonCubicPx());
        out.put("eyes", p.eyesPx());
        out.put("mouth", p.mouthPx());
        out.put("outline", p.outlinePx());
        out.put("inner", p.innerPx());
        out.put("pairs", p.pairs());
        Map<String, Object> psnr = new LinkedHashMap<>();
        psnr.put("flow", p.psnr().flow());
        psnr.put("rigid_error_removed", p.psnr().rigidErrorRemoved());
        psnr.put("rigid_truth", p.psnr().rigidTruth());
        psnr.put("exact", p.psnr().exact());
        out.put("warp_psnr", psnr);
        return out;
    }

    private static String flowMarkdown(FlowAccuracy flow) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## Where the flow goes wrong\n\n");
        sb.append("Mean end-point error per axis (pixels at the model's size) of the renderer's flow against the exact one, "
                + "over the target pixels the source shows: each avatar's enrolment frames warped one at a time to the "
                + "driving frames. Not affine: what is left of the error once its best affine fit (the whole head turned, "
                + "tilted, moved, scaled) is taken out; the exact flow's own non-affine part (parallax of a turn, jaw, "
                + "lids, lips) is what a rigid-only flow would leave. Not cubic: what is left once the error's best cubic fit "
                + "is taken out, so what is not a smooth misplacement of the whole head.\n\n");
        sb.append("What the error costs: PSNR (dB) of the source warped into the driver's pose against the avatar "
                + "rendered in that pose, over the head pixels the source shows: by the renderer's flow, by it with its error's affine fit taken out (a pose code exact "
                + "about the whole head), by the exact flow's affine fit alone (the head moved rigidly) and by the exact flow.\n\n");
        sb.append(String.format(Locale.ROOT, "At the outline: within %d px of the target head's outline; further in: the rest "
                + "of the head.%n%n", OUTLINE_PX));
        sb.append("| mode | flow error px | of it not affine | exact flow's non-affine part | not cubic | in the eyes | in the mouth "
                + "| at the outline | further in | pairs | PSNR by the flow | affine error removed | rigid exact | exact |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (var e : List.of(Map.entry("self", flow.self()), Map.entry("cross", flow.cross()))) {
            FlowAccuracy.Part p = e.getValue();
            FlowAccuracy.WarpPsnr w = p.psnr();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %.2f |%n",
                    e.getKey(), p.errorPx(), p.nonAffinePx(), p.truthNonAffinePx(), p.nonCubicPx(), p.eyesPx(), p.mouthPx(), p.outlinePx(),
                    p.innerPx(), p.pairs(), w.flow(),
                    w.rigidErrorRemoved(), w.rigidTruth(), w.exact()));
        }
        return sb.toString();
    }

    /** The avatar's identity and, with fine-tuning, its own generator weights. */
    private final class Avatar implements AutoCloseable {
        final LatentPoseModel model;
        final float[] identity;
        final boolean owned;

        Avatar(LatentPoseModel model, float[] identity, boolean owned) {
            this.model = model;
            this.identity = identity;
            this.owned = owned;
        }

        @Override
        public void close() {
            if (owned) {
                model.close();
            }
        }
    }

    private Avatar avatar(LatentPoseModel model, NDManager root, List<RenderedFrame> frames) throws IOException {
        List<RgbImage> images = frames.stream().map(RenderedFrame::image).toList();
        if (config.finetuneSteps() == 0) {
            try (NDManager sm = root.newSubManager()) {
                int s = model.config().imageSize();
                NDArray x = ImageTensors.images(sm, images).reshape(1, images.size(), 3, s, s);
                return new Avatar(model, model.identity(x).toFloatArray(), false);
            }
        }
        FineTuner.Config fc = new FineTuner.Config(config.finetuneSteps(), 4, config.finetuneLr(), config.finetuneEma(),
                WeightsFile.Precision.FP32, 1L);
        FineTuner.Result r = new FineTuner(model, fc, log, expressionReading).fineTune(images,
                frames.stream().map(RenderedFrame::mask).toList());
        LatentPoseModel tuned = LatentPoseModel.create(model.config(), root, 0, 0);
        tuned.copyFrom(model, LatentPoseModel.Part.IDENTITY_ENCODER, LatentPoseModel.Part.POSE_ENCODER);
        WeightsFile.load(WeightsFile.read(r.weights()), tuned.parameters(GeneratorWeights.parts(model.config())), true);
        return new Avatar(tuned, r.identity(), true);
    }

    /**
     * Driven outputs (image = RGB × mask, and mask) and the pose codes they were driven by; for a warping
     * model also the kept enrolment frames' indices, per output the index of the one warped, and the
     * occlusion maps (B·S²) (else all null).
     */
    private record Driven(List<RenderedFrame> frames, List<float[]> codes, int[] kept, int[] warped, float[] occlusion) {
    }

    /** Renders the avatar in each driver frame's pose. */
    private static Driven drive(Avatar avatar, NDManager root, List<RenderedFrame> drivers,
                                             List<RenderedFrame> enrolment, ExpressionReading reading) {
        List<float[]> codes;
        try (NDManager sm = root.newSubManager()) {
            codes = Ops.rows(avatar.model.pose(ImageTensors.images(sm, drivers.stream().map(RenderedFrame::image).toList())));
        }
        return driveByCodes(avatar, root, codes, enrolment, reading);
    }

    /** Renders the avatar in the pose of each code. */
    private static Driven driveByCodes(Avatar avatar, NDManager root, List<float[]> codes,
                                       List<RenderedFrame> enrolment, ExpressionReading reading) {
        List<RenderedFrame> out = new ArrayList<>();
        int[] kept = null;
        int[] warped = null;
        float[] occlusion = null;
        try (NDManager sm = root.newSubManager()) {
            int b = codes.size();
            NDArray poses = sm.create(codes.toArray(new float[0][]));
            NDArray identity = sm.create(avatar.identity, new Shape(1, avatar.identity.length)).repeat(0, b);
            NDArray image;
            NDArray mask;
            if (avatar.model.config().warps()) {
                // as serving keeps and chooses (Reenactor): the most varied enrolment frames, and of
                // those per driver frame the nearest (by the reading too, when the checkpoint has one)
                NDArray enrolled = ImageTensors.images(sm, enrolment.stream().map(RenderedFrame::image).toList());
                NDArray enrolledPoses = avatar.model.pose(enrolled);
                kept = WarpSources.varied(Ops.rows(enrolledPoses), WarpSources.KEPT);
                warped = new int[b];
                NDArray keptIndex = sm.create(java.util.Arrays.stream(kept).asLongStream().toArray());
                NDArray all = enrolled.get(keptIndex);
                NDArray allMasks = ImageTensors.masks(sm, enrolment.stream().map(RenderedFrame::mask).toList())
                        .get(keptIndex);
                NDArray allPoses = enrolledPoses.get(keptIndex);
                List<float[]> candidates = Ops.rows(allPoses);
                NDList sources = new NDList();
                NDList masks = new NDList();
                NDList sourcePoses = new NDList();
                for (int i = 0; i < b; i++) {
                    int[] nearest = WarpSources.nearest(candidates, codes.get(i), WarpSources.SERVING, reading);
                    warped[i] = kept[nearest[0]];
                    NDArray idx = sm.create(java.util.Arrays.stream(nearest).asLongStream().toArray());
                    sources.add(all.get(idx).expandDims(0));
                    masks.add(allMasks.get(idx).expandDims(0));
                    sourcePoses.add(allPoses.get(idx).expandDims(0));
                }
                WarpedFrame w = avatar.model.warp(identity, poses, NDArrays.concat(sourcePoses),
                        NDArrays.concat(sources), NDArrays.concat(masks), false);
                image = w.image();
                mask = w.mask();
                occlusion = w.occlusion().toFloatArray();
            } else {
                GeneratedFrame g = avatar.model.render(identity, poses);
                image = g.image();
                mask = g.mask();
            }
            for (int i = 0; i < b; i++) {
                out.add(new RenderedFrame(ImageTensors.toImage(image, i), ImageTensors.toMask(mask, i), new float[136]));
            }
        }
        return new Driven(out, codes, kept, warped, occlusion);
    }

    private final class Accumulator {
        final String mode;
        final MetricSummary psnr = new MetricSummary();
        final MetricSummary ssim = new MetricSummary();
        final MetricSummary iou = new MetricSummary();
        final MetricSummary meanPsnr = new MetricSummary();
        final MetricSummary meanSsim = new MetricSummary();
        final MetricSummary driverPsnr = new MetricSummary();
        final MetricSummary driverSsim = new MetricSummary();
        final MetricSummary psnrInside = new MetricSummary();
        final MetricSummary meanPsnrInside = new MetricSummary();

        Accumulator(String mode) {
            this.mode = mode;
        }

        void add(RgbImage output, Mask outputMask, RgbImage meanFrame, RgbImage driver, RgbImage reference, Mask mask) {
            psnr.add(ImageMetrics.maskedPsnr(output, reference, mask));
            ssim.add(ImageMetrics.maskedSsim(output, reference, mask));
            iou.add(ImageMetrics.maskIou(outputMask, mask));
            meanPsnr.add(ImageMetrics.maskedPsnr(meanFrame, reference, mask));
            meanSsim.add(ImageMetrics.maskedSsim(meanFrame, reference, mask));
            driverPsnr.add(ImageMetrics.maskedPsnr(driver, reference, mask));
            driverSsim.add(ImageMetrics.maskedSsim(driver, reference, mask));
            Mask inside = ImageMetrics.eroded(mask, OUTLINE_PX);
            psnrInside.add(ImageMetrics.maskedPsnr(output, reference, inside));
            meanPsnrInside.add(ImageMetrics.maskedPsnr(meanFrame, reference, inside));
        }

        ModeResult result() {
            return new ModeResult(mode, psnr.count(), psnr.mean(), ssim.mean(), iou.mean(), meanPsnr.mean(),
                    meanSsim.mean(), driverPsnr.mean(), driverSsim.mean(), psnrInside.mean(), meanPsnrInside.mean());
        }
    }

    private String markdown(ModeResult s, ModeResult c, Leakage leakage, PoseSensitivity sensitivity,
                            LatentPoseModel model) {
        StringBuilder sb = new StringBuilder();
        sb.append(config.people() == Split.TEST ? "# Evaluation on held-out synthetic identities\n\n"
                : "# Evaluation on synthetic identities training saw, in videos it did not\n\n");
        sb.append(String.format(Locale.ROOT, "Checkpoint `%s` (%s), %s split of the synthetic heads with seed %d: "
                        + "%d avatars × (1 self + %d cross drivers) × %d frames, each enrolled from K = %d frames%s%s.%n%n",
                config.checkpoint() == null ? "-" : config.checkpoint().getFileName(), model.config().name(),
                config.people(), config.seed(), config.identities(), config.drivers(), config.frames(), config.k(),
                model.config().warps() ? String.format(Locale.ROOT, " (the identity averages them; the %d most varied "
                        + "are kept as sources, and each frame warps the one nearest the driver's %s)",
                        Math.min(config.k(), WarpSources.KEPT), expressionReading == null ? "latent pose"
                                : "latent pose and expression reading") : " (the identity averages them)",
                config.finetuneSteps() > 0 ? String.format(Locale.ROOT, ", fine-tuned %d steps per avatar at learning rate %.0e, EMA %s",
                        config.finetuneSteps(), config.finetuneLr(), config.finetuneEma())
                        : ", no fine-tuning"));
        sb.append("Masked PSNR (dB) and SSIM over the ground-truth foreground; reference = exact rendering of the ")
                .append("avatar in the driver's pose. Output = generated RGB × generated mask.\n\n");
        sb.append(String.format(Locale.ROOT, "PSNR inside: over the foreground %d px in from its outline, where a "
                + "misplaced outline no longer counts.%n%n", OUTLINE_PX));
        sb.append("| mode | outputs | output PSNR | PSNR inside | output SSIM | mask IoU | avatar mean frame PSNR | inside "
                + "| mean frame SSIM | driver frame PSNR | driver frame SSIM |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ModeResult m : List.of(c, s)) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.3f | %.3f | %.2f | %.2f | %.3f | %s | %s |%n",
                    m.mode(), m.outputs(), m.psnr(), m.psnrInside(), m.ssim(), m.maskIou(), m.meanFramePsnr(),
                    m.meanFramePsnrInside(), m.meanFrameSsim(),
                    m == s ? "(= truth)" : String.format(Locale.ROOT, "%.2f", m.driverPsnr()),
                    m == s ? "(= truth)" : String.format(Locale.ROOT, "%.3f", m.driverSsim())));
        }
        sb.append(String.format(Locale.ROOT, "%nIdentity leakage (cross-driving): %.1f%% of outputs are closer to the "
                        + "avatar's true rendering than to the driver's own frame (MSE over the union of both masks); "
                        + "mean PSNR margin (avatar − driver) %.2f dB.%n%n",
                100 * leakage.closerToAvatar(), leakage.psnrMargin()));
        if (sensitivity != null) sb.append(String.format(Locale.ROOT, "Pose pathway: the AdaIN parameters spread by %.4f (RMS std) across one "
                        + "avatar's driver frames against %.4f across avatars (ratio %.3f); |pose| %.2f, |identity| %.2f. "
                        + "A ratio near 0 means the generator draws each avatar in one pose, whatever the driver does.%n%n",
                sensitivity.poseSpread(), sensitivity.identitySpread(),
                sensitivity.poseSpread() / sensitivity.identitySpread(), sensitivity.poseNorm(),
                sensitivity.identityNorm()));
        sb.append("Landmark pose error (dlib 68 points on the generated images) and face-shape leakage against the "
                + "keypoint-driven baseline: `paper-metrics.md` (`./reenact paper-metrics`).\n");
        return sb.toString();
    }
}
