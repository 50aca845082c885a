package io.reenact.model.eval;

import io.reenact.model.data.HeadPose;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a warping model's choice of the avatar frame to warp follows the driver's jaw, from the
 * exact synthetic expressions, apart from how the warp then renders it. A renderer that warps one
 * frame shows that frame's mouth, so an output can follow the driver's mouth no better than the
 * chosen frames do; and it cannot be blamed on the avatar when the frames it keeps include one with
 * the driver's jaw (the best kept frame's figure).
 */
final class SourceChoice {

    private final List<double[]> chosen = new ArrayList<>();
    private final List<double[]> bestKept = new ArrayList<>();

    /**
     * One driven frame: the driver's (= the truth's) jaw, the enrolment poses, the kept frames'
     * indices among them and the one warped.
     */
    void add(HeadPose target, List<HeadPose> enrolment, int[] kept, int warped) {
        double jaw = target.jawOpen();
        double nearest = Double.NaN;
        for (int k : kept) {
            double j = enrolment.get(k).jawOpen();
            if (Double.isNaN(nearest) || Math.abs(j - jaw) < Math.abs(nearest - jaw)) {
                nearest = j;
            }
        }
        chosen.add(new double[] {jaw, enrolment.get(warped).jawOpen()});
        bestKept.add(new double[] {jaw, nearest});
    }

    boolean isEmpty() {
        return chosen.isEmpty();
    }

    /** Correlation over frames of the driver's jaw opening with the warped frame's, and with the best kept frame's. */
    Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("warped_jaw_corr", MethodScores.correlation(chosen));
        m.put("best_kept_jaw_corr", MethodScores.correlation(bestKept));
        return m;
    }
}
