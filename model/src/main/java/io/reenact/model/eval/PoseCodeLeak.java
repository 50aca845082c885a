package io.reenact.model.eval;

import io.reenact.model.WarpSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of the latent pose code is who the driver is: each cross-driving frame's code against the
 * code of its ground truth, the avatar rendered in the driver's exact pose and expression over the same
 * background, as the squared distance over the spread of the drivers' codes (their mean squared
 * distance from their mean). 0 for a code that reads pose alone; a code that read nothing but the
 * person would be near 2. The trainer's {@link io.reenact.model.loss.PoseInvarianceLoss} pulls on the
 * same ratio on training batches; here it is read on the people {@code reenact eval} scores.
 */
final class PoseCodeLeak {

    private final List<float[]> drivers = new ArrayList<>();
    private double squaredDistance;

    /** One driver frame's code and its ground truth's (the other person in the same pose). */
    void add(float[] driverCode, float[] truthCode) {
        if (driverCode.length != truthCode.length) {
            throw new IllegalArgumentException("codes differ in length: " + driverCode.length + ", " + truthCode.length);
        }
        squaredDistance += WarpSources.squaredDistance(driverCode, truthCode);
        drivers.add(driverCode.clone());
    }

    /** The mean squared distance over the spread, and the number of pairs it is over. */
    Map<String, Double> figures() {
        int n = drivers.size();
        int d = drivers.get(0).length;
        float[] mean = new float[d];
        for (float[] c : drivers) {
            for (int j = 0; j < d; j++) {
                mean[j] += c[j] / n;
            }
        }
        double spread = 0;
        for (float[] c : drivers) {
            spread += WarpSources.squaredDistance(c, mean) / n;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("distance_over_spread", squaredDistance / n / spread);
        m.put("pairs", (double) n);
        return m;
    }
}
