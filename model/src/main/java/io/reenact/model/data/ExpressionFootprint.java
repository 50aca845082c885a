package io.reenact.model.data;

import io.reenact.model.RgbImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How much of the frame each expression of the synthetic heads changes: the channel values a full
 * change of it (from a frontal neutral head) moves by more than {@link #VISIBLE} of their range,
 * averaged over held-out people. A pose encoder can carry, and the evaluation can score, an expression
 * only as far as the frame shows it: on the 52,900-step warp-128 weights the linear probe read each
 * about in the order of this figure (smile 0, gaze 0.10, brows 0.50, blink 0.62, jaw 0.81), when a
 * smile only bent and widened the lip line and moved 27 values of a 128² frame (148 since it parts
 * the lips, narrows the lids and deepens the folds beside the mouth; a blink 148).
 */
public final class ExpressionFootprint {

    /** Smaller moves (of 255), a value at an antialiased edge shifting, say, are not counted. */
    public static final int VISIBLE = 25;

    /** Each expression at its full value, and a small turn of the head for scale. */
    static final Map<String, UnaryOperator<HeadPose>> CHANGES = changes();

    private ExpressionFootprint() {
    }

    private static Map<String, UnaryOperator<HeadPose>> changes() {
        Map<String, UnaryOperator<HeadPose>> m = new LinkedHashMap<>();
        m.put("smile", p -> p.withSmile(1f));
        m.put("gaze", p -> p.withGaze(1f, 0f));
        m.put("blink", p -> p.withBlink(1f));
        m.put("brow_raise", p -> p.withBrowRaise(1f));
        m.put("jaw_open", p -> p.withJawOpen(1f));
        m.put("yaw_0.1", p -> p.withYaw(0.1f));
        return m;
    }

    /** Channel values moved visibly per frame of {@code size}², by change, over {@code people} held-out heads. */
    public static Map<String, Double> measure(SyntheticHeads heads, int people, int size) {
        Background grey = Background.flat(0x808080);
        Map<String, Long> moved = new LinkedHashMap<>();
        CHANGES.keySet().forEach(change -> moved.put(change, 0L));
        for (int p = 0; p < people; p++) {
            HeadIdentity id = heads.identity(Split.TEST, p);
            RgbImage neutral = heads.render(id, HeadPose.FRONTAL, grey, size).image();
            for (var change : CHANGES.entrySet()) {
                RgbImage changed = heads.render(id, change.getValue().apply(HeadPose.FRONTAL), grey, size).image();
                moved.merge(change.getKey(), movedValues(neutral, changed), Long::sum);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        moved.forEach((change, values) -> out.put(change, Math.round(10.0 * values / people) / 10.0));
        return out;
    }

    static long movedValues(RgbImage a, RgbImage b) {
        long n = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            if (Math.abs((a.pixels()[i] & 255) - (b.pixels()[i] & 255)) > VISIBLE) {
                n++;
            }
        }
        return n;
    }
}
