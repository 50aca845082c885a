package io.reenact.model.eval;

import io.reenact.model.data.TrueFlow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of the warp a warping model keeps (its occlusion map, 1 = the warped frame, 0 = the
 * refiner's fill) on the pixels the warped frame's expression hides, in frames where the driver's jaw
 * is open wider than the frame's (there those pixels are mostly the inside of the mouth), against the
 * pixels the frame shows. A mouth opens in the output only where the warp gives way, so a renderer
 * that keeps the warp alike on both cannot draw an opening mouth.
 */
final class WarpKept {

    /** How much wider than the warped frame's the driver's jaw must be for a frame to count as opening. */
    static final float OPENING = 0.3f;

    private final MetricSummary hidden = new MetricSummary();
    private final MetricSummary shown = new MetricSummary();

    /**
     * One driven frame: its occlusion map (S², row-major), the exact correspondence from the truth to
     * the warped frame, and how much wider the driver's jaw is than the warped frame's.
     */
    void add(float[] kept, TrueFlow truth, float jawWider) {
        double onShown = 0;
        int shownPixels = 0;
        double onHidden = 0;
        int hiddenPixels = 0;
        for (int i = 0; i < kept.length; i++) {
            if (truth.unlike()[i] > 0) {
                onHidden += kept[i];
                hiddenPixels++;
            } else if (truth.visible()[i] > 0) {
                onShown += kept[i];
                shownPixels++;
            }
        }
        if (shownPixels > 0) {
            shown.add(onShown / shownPixels);
        }
        if (jawWider > OPENING && hiddenPixels > 0) {
            hidden.add(onHidden / hiddenPixels);
        }
    }

    /** Mean kept share where the mouth opens beyond the frame's, where the frame shows the point, and how many frames opened. */
    Map<String, Double> figures() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("where_jaw_opens", hidden.mean());
        m.put("where_shown", shown.mean());
        m.put("opening_frames", (double) hidden.count());
        return m;
    }
}
