package io.reenact.model.eval;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.data.FaceRegions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one way of producing frames (the model, or a baseline) in one driving mode:
 * masked PSNR and SSIM, PSNR in the eye boxes and the mouth box, the sharpness ratio, and, when a
 * {@link LandmarkReader} is given, how well mouth opening and eye openness follow the truth.
 */
final class MethodScores {

    private final MetricSummary psnr = new MetricSummary();
    private final MetricSummary ssim = new MetricSummary();
    private final MetricSummary eyes = new MetricSummary();
    private final MetricSummary mouth = new MetricSummary();
    private double energy;
    private double truthEnergy;
    private final List<double[]> mouthPairs = new ArrayList<>();
    private final List<double[]> eyePairs = new ArrayList<>();
    private final PersonMeans psnrByPerson = new PersonMeans();
    private final PersonMeans eyesByPerson = new PersonMeans();
    private final PersonMeans mouthByPerson = new PersonMeans();

    /**
     * One figure's mean per avatar. One person's frames are alike, so the spread between people, not
     * between frames, says how far a mean over this many people can be off.
     */
    private static final class PersonMeans {
        private final MetricSummary current = new MetricSummary();
        private final MetricSummary means = new MetricSummary();

        void add(double v) {
            current.add(v);
        }

        void endPerson() {
            if (current.count() > 0) {
                means.add(current.mean());
            }
            current.clear();
        }
    }

    /**
     * @param image        the method's frame on black
     * @param truth        the ground truth on black
     * @param truthMask    the ground truth's foreground
     * @param truthLandmarks exact landmarks of the truth (regions)
     * @param read         landmarks read off {@code image}, or null
     * @param truthRead    landmarks read off {@code truth}, or null
     */
    void add(RgbImage image, RgbImage truth, Mask truthMask, float[] truthLandmarks, float[] read, float[] truthRead) {
        int size = truth.width();
        double p = ImageMetrics.maskedPsnr(image, truth, truthMask);
        double e = ImageMetrics.maskedPsnr(image, truth, boxes(size, FaceRegions.leftEye(truthLandmarks, size),
                FaceRegions.rightEye(truthLandmarks, size)));
        double m = ImageMetrics.maskedPsnr(image, truth, boxes(size, FaceRegions.mouth(truthLandmarks, size)));
        psnr.add(p);
        ssim.add(ImageMetrics.maskedSsim(image, truth, truthMask));
        eyes.add(e);
        mouth.add(m);
        psnrByPerson.add(p);
        eyesByPerson.add(e);
        mouthByPerson.add(m);
        energy += Sharpness.energy(image, truthMask);
        truthEnergy += Sharpness.energy(truth, truthMask);
        if (read != null && truthRead != null) {
            mouthPairs.add(new double[] {ExpressionMeasures.mouthOpening(read), ExpressionMeasures.mouthOpening(truthRead)});
            eyePairs.add(new double[] {ExpressionMeasures.eyeOpenness(read), ExpressionMeasures.eyeOpenness(truthRead)});
        }
    }

    double psnr() {
        return psnr.mean();
    }

    /** Closes one avatar's frames: its means join the spread between avatars. */
    void endAvatar() {
        psnrByPerson.endPerson();
        eyesByPerson.endPerson();
        mouthByPerson.endPerson();
    }

    /**
     * Standard errors, between avatars, of the PSNR figures' means (keys psnr, eyes_psnr, mouth_psnr,
     * and avatars); NaN below two avatars. Frames of one person are alike, so their count overstates
     * how much a mean over a few people can be trusted.
     */
    Map<String, Double> standardErrors() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("psnr", psnrByPerson.means.standardError());
        m.put("eyes_psnr", eyesByPerson.means.standardError());
        m.put("mouth_psnr", mouthByPerson.means.standardError());
        m.put("avatars", (double) psnrByPerson.means.count());
        return m;
    }

    double sharpness() {
        return truthEnergy == 0 ? Double.NaN : energy / truthEnergy;
    }

    /** The JSON keys of the issue, in order; NaN where not measured. */
    Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("psnr", psnr.mean());
        m.put("ssim", ssim.mean());
        m.put("eyes_psnr", eyes.mean());
        m.put("mouth_psnr", mouth.mean());
        m.put("sharpness", sharpness());
        m.put("mouth_open_corr", correlation(mouthPairs));
        m.put("eye_open_corr", correlation(eyePairs));
        m.put("frames", (double) psnr.count());
        return m;
    }

    /**
     * The standard error of a Pearson correlation r over n pairs, about (1 − r²)/√(n − 1): over the 80
     * self-driving frames of {@code reenact eval} a mouth-open correlation near 0.45 is uncertain by 0.09,
     * which served variants on the same weights rarely move it by.
     */
    static double correlationError(double r, double n) {
        return n < 3 || Double.isNaN(r) ? Double.NaN : (1 - r * r) / Math.sqrt(n - 1);
    }

    /** Pearson correlation of the pairs' two entries; NaN for fewer than three pairs. */
    static double correlation(List<double[]> pairs) {
        if (pairs.size() < 3) {
            return Double.NaN;
        }
        double[] a = new double[pairs.size()];
        double[] b = new double[pairs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = pairs.get(i)[0];
            b[i] = pairs.get(i)[1];
        }
        return ExpressionMeasures.correlation(a, b);
    }

    private static Mask boxes(int size, FaceRegions.Box... boxes) {
        byte[] a = new byte[size * size];
        for (FaceRegions.Box b : boxes) {
            for (int y = b.y0(); y < b.y1(); y++) {
                for (int x = b.x0(); x < b.x1(); x++) {
                    a[y * size + x] = (byte) 255;
                }
            }
        }
        return new Mask(size, size, a);
    }
}
