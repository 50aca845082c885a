package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reenact.model.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The renderer's exact correspondence: warping one frame of a person by the true flow reproduces
 * another frame's visible head, across a turn, a tilt, a shift, a zoom and an opening jaw, and expressions that move painted features.
 */
class TrueFlowTest {

    private static final int SIZE = 128;

    @Test
    void warpingASourceFrameByTheTrueFlowReproducesTheTargetsVisibleHead() {
        // a shift, a zoom and an opening jaw leave the shading alone: the warp should be near exact
        HeadPose source = HeadPose.FRONTAL.withSmile(0.3f);
        double rigid = check(source, source.withPlacement(0.05f, -0.03f, 1.08f).withJawOpen(0.8f), 25, 8);
        // a turn, a tilt and a nod also change how the fixed light falls on the face, which no warp
        // can copy (the refiner's job): still far better than not warping
        double turned = check(HeadPose.FRONTAL.withYaw(-0.15f).withSmile(0.3f),
                HeadPose.FRONTAL.withYaw(0.3f).withPitch(0.12f).withRoll(0.1f)
                        .withPlacement(0.05f, -0.03f, 1.08f).withJawOpen(0.8f).withSmile(0.3f), 18, 3);
        System.out.printf("true-flow warp PSNR over the visible head: %.2f dB (shift, zoom, jaw), %.2f dB (with a turn)%n",
                rigid, turned);
    }

    private static double check(HeadPose source, HeadPose target, double minPsnr, double minGain) {
        SyntheticHeads heads = new SyntheticHeads(3);
        HeadIdentity id = heads.identity(Split.TEST, 2);
        Background bg = Background.flat(0x404040);
        HeadRenderer renderer = new HeadRenderer();
        RenderedFrame s = renderer.render(id, source, bg, SIZE);
        RenderedFrame t = renderer.render(id, target, bg, SIZE);
        TrueFlow flow = TrueFlow.between(id, target, source, SIZE);
        double visible = flow.visibleFraction();
        double warped = psnr(flow.warp(s.image()), t.image(), flow.visible());
        float[] identity = io.reenact.model.layers.BilinearWarp.identityGrid(SIZE, SIZE);
        TrueFlow still = new TrueFlow(SIZE, java.util.Arrays.copyOf(identity, SIZE * SIZE),
                java.util.Arrays.copyOfRange(identity, SIZE * SIZE, 2 * SIZE * SIZE), flow.visible(), flow.unlike());
        double unwarped = psnr(still.warp(s.image()), t.image(), flow.visible());
        assertTrue(visible > 0.3, "most of the person is visible in both: " + visible);
        assertTrue(warped > minPsnr, "the warped source matches the target's visible head: " + warped + " dB");
        assertTrue(warped > unwarped + minGain, "and is far better than not warping (" + unwarped + " dB): " + warped);
        return warped;
    }

    @Test
    void whatAnExpressionMovesIsNotVisibleInAFrameWithoutIt() {
        SyntheticHeads heads = new SyntheticHeads(3);
        HeadIdentity id = heads.identity(Split.TEST, 1);
        HeadPose closed = HeadPose.FRONTAL.withBlink(0f);
        int same = hiddenHeadPixels(id, closed, closed);
        int mouth = hiddenHeadPixels(id, closed.withJawOpen(0.9f), closed);
        int eyes = hiddenHeadPixels(id, closed.withBlink(1f), closed);
        int brows = hiddenHeadPixels(id, closed.withBrowRaise(1f), closed);
        int smile = hiddenHeadPixels(id, closed.withSmile(1f), closed);
        System.out.printf("head pixels not visible in the source: %d (same expression), %d (mouth opened), %d (eyes closed), "
                + "%d (brows raised), %d (smiling)%n", same, mouth, eyes, brows, smile);
        // lips and lids are painted on the surface, so only the expression can tell these apart
        assertTrue(mouth > same + 40, "the inside of the opened mouth is not visible in the closed one: " + mouth);
        assertTrue(eyes > same + 20, "eyes shown open in the source are not visible under closed lids: " + eyes);
        assertTrue(brows > same + 20, "raised brows are not visible where the source shows skin: " + brows);
        // parted lips, teeth, narrowed lids and the folds beside the mouth
        assertTrue(smile > same + 40, "a smile's teeth and folds are not visible in a face without one: " + smile);
    }

    @Test
    void onlyAnExpressionsChangeIsMarkedUnlikeNotWhatATurnHides() {
        SyntheticHeads heads = new SyntheticHeads(3);
        HeadIdentity id = heads.identity(Split.TEST, 1);
        HeadPose closed = HeadPose.FRONTAL.withBlink(0f);
        int mouth = unlikePixels(TrueFlow.between(id, closed.withJawOpen(0.9f), closed, SIZE));
        int eyes = unlikePixels(TrueFlow.between(id, closed.withBlink(1f), closed, SIZE));
        TrueFlow turn = TrueFlow.between(id, closed.withYaw(0.5f), closed, SIZE);
        int turnHidden = SIZE * SIZE - unlikePixels(turn) - (int) Math.round(turn.visibleFraction() * SIZE * SIZE);
        System.out.printf("pixels the source hides by its expression alone: %d (mouth opened), %d (eyes closed), %d (turned,"
                + " of %d hidden or background)%n", mouth, eyes, unlikePixels(turn), turnHidden);
        assertTrue(mouth > 40, "the opened mouth is hidden by the closed one's expression: " + mouth);
        assertTrue(eyes > 20, "closed lids are hidden by the open eyes' expression: " + eyes);
        assertTrue(unlikePixels(turn) < 10, "what a turn hides is not put down to the expression: " + unlikePixels(turn));
        for (int i = 0; i < SIZE * SIZE; i++) {
            assertTrue(turn.visible()[i] * turn.unlike()[i] == 0, "a pixel is shown or unlike, never both");
        }
    }

    private static int unlikePixels(TrueFlow flow) {
        int n = 0;
        for (float f : flow.unlike()) {
            n += f > 0 ? 1 : 0;
        }
        return n;
    }

    private static int hiddenHeadPixels(HeadIdentity id, HeadPose target, HeadPose source) {
        TrueFlow flow = TrueFlow.between(id, target, source, SIZE);
        RenderedFrame t = new HeadRenderer().render(id, target, Background.flat(0x404040), SIZE);
        int hidden = 0;
        for (int i = 0; i < SIZE * SIZE; i++) {
            if (flow.visible()[i] == 0 && (t.mask().alpha()[i] & 0xff) > 200) {
                hidden++;
            }
        }
        return hidden;
    }

    @Test
    void shiftingMovesTheFlowWithTheTarget() {
        SyntheticHeads heads = new SyntheticHeads(3);
        HeadIdentity id = heads.identity(Split.TEST, 0);
        TrueFlow flow = TrueFlow.between(id, HeadPose.FRONTAL.withYaw(0.2f), HeadPose.FRONTAL, 64);
        TrueFlow shifted = flow.transformed(1, 3, -2);
        int x = 30;
        int y = 30;
        assertTrue(flow.u()[y * 64 + x] == shifted.u()[(y - 2) * 64 + x + 3]);
        assertTrue(shifted.visible()[63 * 64 + 1] == 0, "pixels shifted in from outside are not visible");
    }

    static double psnr(RgbImage a, RgbImage b, float[] weight) {
        byte[] pa = a.pixels();
        byte[] pb = b.pixels();
        double se = 0;
        double n = 0;
        for (int i = 0; i < weight.length; i++) {
            if (weight[i] == 0) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                double d = (pa[i * 3 + c] & 0xff) - (pb[i * 3 + c] & 0xff);
                se += d * d;
                n++;
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }

}
