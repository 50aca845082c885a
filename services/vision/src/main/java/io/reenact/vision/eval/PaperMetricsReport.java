package io.reenact.vision.eval;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** The tables of a {@link PaperMetrics} run, as markdown and as a few console lines. */
final class PaperMetricsReport {

    private PaperMetricsReport() {
    }

    /** Mean of a column over its finite values (NaN when there are none). */
    static <T> double mean(List<T> rows, ToDoubleFunction<T> column) {
        return rows.stream().mapToDouble(column).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    static <T> double median(List<T> rows, ToDoubleFunction<T> column) {
        double[] v = rows.stream().mapToDouble(column).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static <T> double fraction(List<T> rows, Predicate<T> test) {
        return rows.isEmpty() ? Double.NaN : (double) rows.stream().filter(test).count() / rows.size();
    }

    static String markdown(PaperMetrics.Config config, PaperMetrics.Result r) {
        List<PaperMetrics.SelfSample> s = r.self();
        List<PaperMetrics.CrossSample> c = r.cross();
        StringBuilder sb = new StringBuilder();
        sb.append("# Paper metrics on held-out synthetic identities\n\n");
        sb.append(String.format(Locale.ROOT, "Model `%s`%s; TEST split of the synthetic heads, seed %d: %d avatars, "
                        + "K = %d enrolment frames, %d self-driven and %d cross-driven frames (each avatar driven by the "
                        + "next identity). Landmarks: dlib's 68-point shape predictor, one box per sample fitted to the "
                        + "exact rendered landmarks (cross-driving: to the mean of A's and B's, favouring neither).%n%n",
                r.modelVersion(), config.checkpoint() == null ? " (shipped checkpoint)"
                        : " from `" + config.checkpoint().getFileName() + "`",
                config.seed(), config.identities(), config.k(), s.size(), c.size()));

        sb.append("## Pose error under self-driving\n\n");
        sb.append("Normalised mean error (mean landmark distance / outer-eye-corner distance) of dlib on each image "
                + "against dlib on the ground-truth frame; lower is better. The detector floor is dlib on the ground "
                + "truth against the renderer's exact landmarks.\n\n");
        sb.append("| image | mean NME | median NME | masked PSNR (dB) |\n| --- | ---: | ---: | ---: |\n");
        row(sb, "detector floor (dlib on truth vs exact)", mean(s, PaperMetrics.SelfSample::detectorFloor),
                median(s, PaperMetrics.SelfSample::detectorFloor), Double.NaN);
        row(sb, "latent-pose model", mean(s, PaperMetrics.SelfSample::model), median(s, PaperMetrics.SelfSample::model),
                mean(s, PaperMetrics.SelfSample::modelPsnr));
        row(sb, "latent-pose model, scale-and-shift aligned", mean(s, PaperMetrics.SelfSample::modelAligned),
                median(s, PaperMetrics.SelfSample::modelAligned), Double.NaN);
        row(sb, "latent-pose model vs exact landmarks", mean(s, PaperMetrics.SelfSample::modelToExact),
                median(s, PaperMetrics.SelfSample::modelToExact), Double.NaN);
        row(sb, "keypoint baseline (warp of one enrolment frame, avatar's head placement)",
                mean(s, PaperMetrics.SelfSample::keypoint), median(s, PaperMetrics.SelfSample::keypoint),
                mean(s, PaperMetrics.SelfSample::keypointPsnr));
        row(sb, "keypoint baseline placed at the driver's head", mean(s, PaperMetrics.SelfSample::placed),
                median(s, PaperMetrics.SelfSample::placed), mean(s, PaperMetrics.SelfSample::placedPsnr));
        row(sb, "avatar's mean enrolment frame (no pose)", mean(s, PaperMetrics.SelfSample::meanFrame),
                median(s, PaperMetrics.SelfSample::meanFrame), Double.NaN);
        sb.append("\nThe box carries the true head position and size to every image, so the mean frame's error is "
                + "what dlib reads off its pixels inside a correct box, not a penalty for a misplaced head.\n\n");

        sb.append("## Identity error under cross-driving\n\n");
        sb.append("Avatar A driven by identity B; the ground truth is A rendered in B's exact pose. Shape cues: face and "
                + "jaw width, inner eye spacing, nose length, mouth width, bridge-to-chin and nose-to-lip lengths, each "
                + "over the outer-eye-corner distance, from dlib's landmarks predicted a second time in the box fitted to the first prediction (all images of a sample share B's pose, "
                + "so pose is aligned by construction). Identity error = RMS cue difference to A's ground truth; "
                + "\"closer to A\" = the output's cues are nearer A's than B's; \"towards B\" = position on the line "
                + "from A's cues (0) to B's (1). Against B's frame, appearance differs as well as shape, and dlib's "
                + "read of shape follows appearance; the appearance-matched columns compare instead with A's ground "
                + "truth and with A's ground truth warped onto B's exact landmarks (A's pixels in B's shape), so that "
                + "only the shape differs between the two references.\n\n");
        sb.append("| method | identity error (mean) | closer to A than to B's frame | towards B's frame (median) "
                + "| closer to A, appearance-matched | towards B's shape, appearance-matched (median) "
                + "| pose error NME (mean) | masked PSNR (dB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        score(sb, "latent-pose model", c, PaperMetrics.CrossSample::model);
        score(sb, "keypoint baseline (avatar's head placement)", c, PaperMetrics.CrossSample::keypoint);
        score(sb, "keypoint baseline placed at the driver's head", c, PaperMetrics.CrossSample::placed);
        score(sb, "control: A's truth warped halfway to B's exact landmarks (half shape leak)", c,
                PaperMetrics.CrossSample::halfLeak);
        score(sb, "control: A's truth warped onto B's exact landmarks (full shape leak; a reference of the "
                + "appearance-matched columns)", c, PaperMetrics.CrossSample::fullLeak);
        sb.append(String.format(Locale.ROOT, "%nPaired, on the appearance-matched scale: the model's output is nearer A's "
                        + "shape than the keypoint baseline's in %.1f%% of samples (%.1f%% against the placed baseline); "
                        + "interquartile range of the model's position %s, of the keypoint baseline's %s.%n",
                100 * fraction(c, x -> x.model().matchedTowardsDriver() < x.keypoint().matchedTowardsDriver()),
                100 * fraction(c, x -> x.model().matchedTowardsDriver() < x.placed().matchedTowardsDriver()),
                quartiles(c, x -> x.model().matchedTowardsDriver()),
                quartiles(c, x -> x.keypoint().matchedTowardsDriver())));
        sb.append(String.format(Locale.ROOT, "%nScale of the identity differences: the A-to-B cue distance is %.4f on "
                        + "dlib's landmarks and %.4f on the exact ones (mean over samples); an identity error near the "
                        + "former means the output's shape is as far from A's as B's is.%n%n",
                mean(c, PaperMetrics.CrossSample::shapeGap), mean(c, PaperMetrics.CrossSample::shapeGapExact)));
        sb.append("How well dlib reads each cue on these renders: correlation, over the cross-driving samples, between the "
                + "cue from dlib on A's ground truth and the cue from the exact landmarks:");
        for (int i = 0; i < ShapeCues.COUNT; i++) {
            sb.append(String.format(Locale.ROOT, "%s %s %.2f", i == 0 ? "" : ",", ShapeCues.NAMES.get(i),
                    r.cueCorrelation()[i]));
        }
        sb.append(". The control rows say whether a measure can see a leak at all: if a full transfer of B's "
                + "shape is not read as closer to B's frame, the columns against B's frame say nothing about leakage; "
                + "the half-leak control should sit near 0.5 on the appearance-matched scale.\n\n");
        sb.append("Pictures: `paper-metrics-scatter.png` (one point per cross-driven output and method) and "
                + "`paper-metrics-landmarks.png` (dlib's landmarks on the first frame of the first avatars: self-driving "
                + "rows first, then cross-driving rows).\n");
        return sb.toString();
    }

    private static void score(StringBuilder sb, String label, List<PaperMetrics.CrossSample> c,
                              Function<PaperMetrics.CrossSample, PaperMetrics.Score> method) {
        List<PaperMetrics.Score> scores = c.stream().map(method).toList();
        sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.1f%% | %.2f | %.1f%% | %.2f | %.4f | %.2f |%n", label,
                mean(scores, PaperMetrics.Score::identity), 100 * fraction(scores, PaperMetrics.Score::closerToAvatar),
                median(scores, PaperMetrics.Score::towardsDriver),
                100 * fraction(scores, PaperMetrics.Score::matchedCloserToAvatar),
                median(scores, PaperMetrics.Score::matchedTowardsDriver), mean(scores, PaperMetrics.Score::pose),
                mean(scores, PaperMetrics.Score::psnr)));
    }

    static String summary(PaperMetrics.Result r) {
        List<PaperMetrics.SelfSample> s = r.self();
        List<PaperMetrics.CrossSample> c = r.cross();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "paper-metrics: self-driving pose NME: model %.4f, keypoint %.4f (placed at driver %.4f), "
                        + "mean frame %.4f, detector floor %.4f%n",
                mean(s, PaperMetrics.SelfSample::model), mean(s, PaperMetrics.SelfSample::keypoint),
                mean(s, PaperMetrics.SelfSample::placed), mean(s, PaperMetrics.SelfSample::meanFrame),
                mean(s, PaperMetrics.SelfSample::detectorFloor)));
        sb.append(String.format(Locale.ROOT, "paper-metrics: cross-driving, A-to-B cue distance %.4f%n",
                mean(c, PaperMetrics.CrossSample::shapeGap)));
        for (String name : List.of("model", "keypoint", "placed", "half-leak", "leak")) {
            List<PaperMetrics.Score> scores = c.stream().map(x -> switch (name) {
                case "model" -> x.model();
                case "keypoint" -> x.keypoint();
                case "placed" -> x.placed();
                case "half-leak" -> x.halfLeak();
                default -> x.fullLeak();
            }).toList();
            sb.append(String.format(Locale.ROOT, "paper-metrics: cross-driving %-9s identity error %.4f, closer to A "
                            + "%.0f%%, towards B (median) %.2f; appearance-matched: closer to A %.0f%%, towards B %.2f; pose NME %.4f, "
                            + "PSNR %.2f dB%n", name,
                    mean(scores, PaperMetrics.Score::identity), 100 * fraction(scores, PaperMetrics.Score::closerToAvatar),
                    median(scores, PaperMetrics.Score::towardsDriver),
                    100 * fraction(scores, PaperMetrics.Score::matchedCloserToAvatar),
                    median(scores, PaperMetrics.Score::matchedTowardsDriver), mean(scores, PaperMetrics.Score::pose),
                    mean(scores, PaperMetrics.Score::psnr)));
        }
        return sb.toString();
    }

    private static <T> String quartiles(List<T> rows, ToDoubleFunction<T> column) {
        double[] v = rows.stream().mapToDouble(column).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f–%.2f", v[(v.length - 1) / 4], v[(3 * (v.length - 1)) / 4]);
    }

    private static void row(StringBuilder sb, String label, double mean, double median, double psnr) {
        sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s |%n", label, mean, median,
                Double.isNaN(psnr) ? "" : String.format(Locale.ROOT, "%.2f", psnr)));
    }
}
