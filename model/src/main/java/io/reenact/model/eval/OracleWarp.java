package io.reenact.model.eval;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.data.HeadIdentity;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.TrueFlow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ceiling of warping alone: the avatar's own frames warped by the exact flow into the driver's
 * pose. Each pixel comes from the first frame that shows it (frames in order of how much of the
 * target they show); what no frame shows (an opening mouth's inside, a shading change) stays as the
 * best frame warps it. A renderer that warps can beat this only by what its refiner adds.
 */
final class OracleWarp {

    private OracleWarp() {
    }

    /** The warped image on black. */
    static RgbImage render(HeadIdentity person, HeadPose target, List<RenderedFrame> sources, List<HeadPose> sourcePoses,
                           int size) {
        List<TrueFlow> flows = new ArrayList<>();
        for (HeadPose p : sourcePoses) {
            flows.add(TrueFlow.between(person, target, p, size));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -flows.get(i).visibleFraction()));
        List<RgbImage> warped = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            RenderedFrame s = sources.get(i);
            Mask m = flows.get(i).warp(s.mask());
            warped.add(ImageMetrics.composeOnBlack(flows.get(i).warp(ImageMetrics.composeOnBlack(s.image(), s.mask())), m));
        }
        byte[] out = warped.get(order.get(0)).pixels().clone();
        for (int px = 0; px < size * size; px++) {
            for (int i : order) {
                if (flows.get(i).visible()[px] > 0) {
                    System.arraycopy(warped.get(i).pixels(), px * 3, out, px * 3, 3);
                    break;
                }
            }
        }
        return new RgbImage(size, size, out);
    }
}
