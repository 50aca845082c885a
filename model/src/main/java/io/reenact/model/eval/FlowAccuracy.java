package io.reenact.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpedFrame;
import io.reenact.model.data.FaceRegions;
import io.reenact.model.data.HeadPose;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.data.TrueFlow;
import io.reenact.model.layers.BilinearWarp;
import io.reenact.model.train.ImageTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How far the warping renderer's flow is from the exact one ({@link TrueFlow}), in pixels at the
 * model's size, over the target pixels the source shows: each held-out avatar's enrolment frames, one
 * at a time, warped to its own driving frames (self) and to the next person's (cross).
 *
 * <p>The error is split as a head's motion is: its best affine fit (turning, tilting, moving and
 * scaling the whole head, which a pose code that knows the pose gets right) and what is left (parallax
 * of nose and cheeks under a turn, the jaw, lids and lips: the part the flow decoder must draw). The
 * exact flow's own non-affine part is the scale against which the latter is read: a flow decoder that
 * only turned the head rigidly would leave all of it.
 *
 * @param self  avatars driven by their own other video
 * @param cross avatars driven by another person
 */
public record FlowAccuracy(Part self, Part cross) {

    /**
     * @param errorPx          mean end-point error per axis, pixels
     * @param nonAffinePx      the same once the error's own best affine fit is taken out
     * @param truthNonAffinePx the exact displacement's part that no affine motion gives, pixels
     * @param nonCubicPx       the error once its best cubic fit is taken out: what is left when the
     *                         head's smooth misplacement (a turn's parallax drawn too large or too
     *                         small, the whole head slightly off) is forgiven
     * @param eyesPx           the error inside the eye boxes (landmarks 36-47 of the avatar in the driver's pose)
     * @param mouthPx          the error inside the mouth box (landmarks 48-67)
     * @param outlinePx        the error within {@link Evaluation#OUTLINE_PX} of the target's outline, where
     *                         the head meets the background and a misplaced pixel costs most
     * @param innerPx          the error on the rest of the head, further in
     * @param pairs            (source, target) pairs measured
     * @param psnr             what the error costs in the picture: see {@link WarpPsnr}
     */
    public record Part(double errorPx, double nonAffinePx, double truthNonAffinePx, double nonCubicPx,
                       double eyesPx, double mouthPx, double outlinePx, double innerPx, int pairs, WarpPsnr psnr) {
    }

    /**
     * Masked PSNR (dB, mean over pairs) of the one source warped into the driver's pose against the
     * avatar rendered in that pose, over the head pixels the source shows, so that nothing but the
     * flow decides it: by the renderer's flow; by it with its error's best affine fit taken out (what a
     * pose code exact about the whole head's pose would give); by the exact flow's best affine fit alone
     * (a head moved rigidly); and by the exact flow. The first against the second and the last says
     * whether the head's pose or the face's motion inside it costs more.
     */
    public record WarpPsnr(double flow, double rigidErrorRemoved, double rigidTruth, double exact) {
    }

    /** Every avatar of {@code population}, {@code frames} driving frames each, enrolled from {@code k} frames. */
    public static FlowAccuracy measure(LatentPoseModel model, HeldOutPopulation population, int k, int frames,
                                       NDManager parent) {
        if (!model.config().warps()) {
            throw new IllegalArgumentException(model.config().name() + " does not warp: it has no flow to measure");
        }
        int size = model.config().imageSize();
        int n = population.size();
        Sum self = new Sum();
        Sum cross = new Sum();
        for (int a = 0; a < n; a++) {
            List<RenderedFrame> enrolment = population.enrolmentFrames(a, k, size);
            List<HeadPose> enrolPoses = population.enrolmentPoses(a, k);
            for (boolean isSelf : new boolean[] {true, false}) {
                SyntheticVideo drive = population.driveVideo(isSelf ? a : (a + 1) % n);
                List<RenderedFrame> drivers = new ArrayList<>();
                List<RenderedFrame> targets = new ArrayList<>();
                List<RenderedFrame> sources = new ArrayList<>();
                List<TrueFlow> truths = new ArrayList<>();
                for (int t = 0; t < frames; t++) {
                    int frame = HeldOutPopulation.driveFrame(t, frames);
                    int source = t * enrolment.size() / frames;
                    RenderedFrame driver = drive.frame(frame, size);
                    drivers.add(driver);
                    // the avatar in the driver's pose: what its warped frame should look like
                    targets.add(isSelf ? driver : population.heads().render(population.person(a), drive.pose(frame),
                            drive.background(), size));
                    sources.add(enrolment.get(source));
                    truths.add(TrueFlow.between(population.person(a), drive.pose(frame), enrolPoses.get(source), size));
                }
                float[] flows = flows(model, parent, enrolment, drivers, sources, size);
                for (int t = 0; t < frames; t++) {
                    (isSelf ? self : cross).add(truths.get(t), flows, t * 2 * size * size, size, sources.get(t),
                            targets.get(t));
                }
            }
        }
        return new FlowAccuracy(self.part(), cross.part());
    }

    /** The renderer's flows (B, 2, S, S) flattened, one source per driver frame. */
    private static float[] flows(LatentPoseModel model, NDManager parent, List<RenderedFrame> enrolment,
                                 List<RenderedFrame> drivers, List<RenderedFrame> sources, int size) {
        try (NDManager m = parent.newSubManager()) {
            int b = drivers.size();
            NDArray identity = model.identity(ImageTensors.images(m, enrolment.stream().map(RenderedFrame::image).toList())
                    .reshape(1, enrolment.size(), 3, size, size)).repeat(0, b);
            NDArray drive = model.pose(ImageTensors.images(m, drivers.stream().map(RenderedFrame::image).toList()));
            NDArray src = ImageTensors.images(m, sources.stream().map(RenderedFrame::image).toList());
            NDArray masks = ImageTensors.masks(m, sources.stream().map(RenderedFrame::mask).toList());
            NDArray srcPoses = model.pose(src);
            WarpedFrame w = model.warp(identity, drive, srcPoses.reshape(b, 1, srcPoses.getShape().get(1)),
                    src.reshape(b, 1, 3, size, size), masks.reshape(b, 1, 1, size, size), false);
            return w.flows().reshape(new Shape(b, 2, size, size)).toFloatArray();
        }
    }

    private static final class Sum {
        double error;
        double nonAffine;
        double truthNonAffine;
        double nonCubic;
        double flowPsnr;
        double correctedPsnr;
        double rigidPsnr;
        double exactPsnr;
        final RegionError eyes = new RegionError();
        final RegionError mouth = new RegionError();
        final RegionError outline = new RegionError();
        final RegionError inner = new RegionError();
        int pairs;

        void add(TrueFlow truth, float[] flows, int offset, int size, RenderedFrame source, RenderedFrame target) {
            int plane = size * size;
            float[] grid = BilinearWarp.identityGrid(size, size);
            float[] errU = new float[plane];
            float[] errV = new float[plane];
            float[] dispU = new float[plane];
            float[] dispV = new float[plane];
            double e = 0;
            int shown = 0;
            for (int i = 0; i < plane; i++) {
                errU[i] = flows[offset + i] - truth.u()[i];
                errV[i] = flows[offset + plane + i] - truth.v()[i];
                dispU[i] = truth.u()[i] - grid[i];
                dispV[i] = truth.v()[i] - grid[plane + i];
                if (truth.visible()[i] > 0) {
                    e += (Math.abs(errU[i]) + Math.abs(errV[i])) / 2;
                    shown++;
                }
            }
            if (shown < 16) {
                return;
            }
            double px = size / 2.0;
            error += e / shown * px;
            nonAffine += AffineResidual.of(errU, errV, truth.visible(), size) * px;
            truthNonAffine += AffineResidual.of(dispU, dispV, truth.visible(), size) * px;
            nonCubic += CubicResidual.of(errU, errV, truth.visible(), size) * px;
            addPsnr(truth, flows, offset, grid, errU, errV, dispU, dispV, source, target);
            float[] lm = target.landmarks();
            FaceRegions.Box[] eyeBoxes = {FaceRegions.leftEye(lm, size), FaceRegions.rightEye(lm, size)};
            FaceRegions.Box mouthBox = FaceRegions.mouth(lm, size);
            eyes.add(errU, errV, truth.visible(), size, i -> inAny(eyeBoxes, i % size, i / size));
            mouth.add(errU, errV, truth.visible(), size, i -> mouthBox.contains(i % size, i / size));
            byte[] head = target.mask().alpha();
            byte[] in = ImageMetrics.eroded(target.mask(), Evaluation.OUTLINE_PX).alpha();
            outline.add(errU, errV, truth.visible(), size, i -> (head[i] & 0xff) >= 128 && in[i] == 0);
            inner.add(errU, errV, truth.visible(), size, i -> in[i] != 0);
            pairs++;
        }

        private void addPsnr(TrueFlow truth, float[] flows, int offset, float[] grid, float[] errU, float[] errV,
                             float[] dispU, float[] dispV, RenderedFrame source, RenderedFrame target) {
            int size = truth.size();
            int plane = size * size;
            double[][] errFit = AffineResidual.fit(errU, errV, truth.visible(), size);
            double[][] rigidFit = AffineResidual.fit(dispU, dispV, truth.visible(), size);
            float[][] flow = {Arrays.copyOfRange(flows, offset, offset + plane),
                Arrays.copyOfRange(flows, offset + plane, offset + 2 * plane)};
            float[][] corrected = {new float[plane], new float[plane]};
            float[][] rigid = {new float[plane], new float[plane]};
            for (int i = 0; i < plane; i++) {
                for (int axis = 0; axis < 2; axis++) {
                    float f = flow[axis][i];
                    corrected[axis][i] = f - (float) AffineResidual.at(errFit[axis], grid, i, plane);
                    rigid[axis][i] = grid[axis * plane + i] + (float) AffineResidual.at(rigidFit[axis], grid, i, plane);
                }
            }
            byte[] shown = target.mask().alpha().clone();
            for (int i = 0; i < plane; i++) {
                if (truth.visible()[i] <= 0) {
                    shown[i] = 0;
                }
            }
            Mask where = new Mask(size, size, shown);
            RgbImage from = ImageMetrics.composeOnBlack(source.image(), source.mask());
            RgbImage to = ImageMetrics.composeOnBlack(target.image(), target.mask());
            flowPsnr += ImageMetrics.maskedPsnr(sampled(truth, flow).warp(from), to, where);
            correctedPsnr += ImageMetrics.maskedPsnr(sampled(truth, corrected).warp(from), to, where);
            rigidPsnr += ImageMetrics.maskedPsnr(sampled(truth, rigid).warp(from), to, where);
            exactPsnr += ImageMetrics.maskedPsnr(truth.warp(from), to, where);
        }

        /** A flow of one's own, sampled with the same kernel as the exact one. */
        private static TrueFlow sampled(TrueFlow truth, float[][] uv) {
            return new TrueFlow(truth.size(), uv[0], uv[1], truth.visible(), truth.unlike());
        }

        Part part() {
            return pairs == 0 ? new Part(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, 0, new WarpPsnr(Double.NaN, Double.NaN, Double.NaN, Double.NaN))
                    : new Part(error / pairs, nonAffine / pairs, truthNonAffine / pairs, nonCubic / pairs,
                            eyes.px(), mouth.px(), outline.px(), inner.px(), pairs,
                            new WarpPsnr(flowPsnr / pairs, correctedPsnr / pairs, rigidPsnr / pairs, exactPsnr / pairs));
        }
    }

    private static boolean inAny(FaceRegions.Box[] boxes, int x, int y) {
        for (FaceRegions.Box b : boxes) {
            if (b.contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    /** Mean end-point error per axis (pixels) over the shown pixels of one region, pooled over pairs. */
    private static final class RegionError {
        double sumPx;
        long pixels;

        void add(float[] errU, float[] errV, float[] visible, int size, IntPredicate inRegion) {
            double px = size / 2.0;
            for (int i = 0; i < size * size; i++) {
                if (visible[i] > 0 && inRegion.test(i)) {
                    sumPx += (Math.abs(errU[i]) + Math.abs(errV[i])) / 2 * px;
                    pixels++;
                }
            }
        }

        double px() {
            return pixels == 0 ? Double.NaN : sumPx / pixels;
        }
    }

    /** Mean absolute residual per axis of a field after its least-squares affine fit over the weighted pixels. */
    static final class AffineResidual {

        private static final PositionBasis AFFINE = (x, y) -> new double[] {x, y, 1};

        private AffineResidual() {
        }

        static double of(float[] u, float[] v, float[] weight, int size) {
            return PositionBasis.residual(AFFINE, u, v, weight, size);
        }

        /** The least-squares affine fit {u, v} = c·[x, y, 1] over the weighted pixels: {cu, cv}. */
        static double[][] fit(float[] u, float[] v, float[] weight, int size) {
            return PositionBasis.fit(AFFINE, u, v, weight, size);
        }

        /** A fit's value at pixel i of the identity grid. */
        static double at(double[] c, float[] grid, int i, int plane) {
            return PositionBasis.value(c, AFFINE.at(grid[i], grid[plane + i]));
        }
    }

    /**
     * Mean absolute residual per axis of a field after its least-squares cubic fit (ten monomials of
     * the image position per axis) over the weighted pixels: what is not a smooth motion of the whole.
     */
    static final class CubicResidual {

        private static final PositionBasis CUBIC = (x, y) -> new double[] {
            1, x, y, x * x, x * y, y * y, x * x * x, x * x * y, x * y * y, y * y * y};

        private CubicResidual() {
        }

        static double of(float[] u, float[] v, float[] weight, int size) {
            return PositionBasis.residual(CUBIC, u, v, weight, size);
        }
    }

    /** Functions of a pixel's position on the identity grid, by which a flow field is fitted. */
    @FunctionalInterface
    private interface PositionBasis {

        double[] at(double x, double y);

        /** The least-squares fit {u, v} = c·basis over the weighted pixels: {cu, cv}. */
        static double[][] fit(PositionBasis basis, float[] u, float[] v, float[] weight, int size) {
            int plane = size * size;
            float[] grid = BilinearWarp.identityGrid(size, size);
            int terms = basis.at(0, 0).length;
            // normal equations, augmented with their right-hand side
            double[][] forU = new double[terms][terms + 1];
            double[][] forV = new double[terms][terms + 1];
            for (int i = 0; i < plane; i++) {
                if (weight[i] <= 0) {
                    continue;
                }
                double[] r = basis.at(grid[i], grid[plane + i]);
                for (int p = 0; p < terms; p++) {
                    for (int q = 0; q < terms; q++) {
                        forU[p][q] += r[p] * r[q];
                        forV[p][q] += r[p] * r[q];
                    }
                    forU[p][terms] += r[p] * u[i];
                    forV[p][terms] += r[p] * v[i];
                }
            }
            return new double[][] {LeastSquares.solve(forU), LeastSquares.solve(forV)};
        }

        /** Mean absolute residual per axis after {@link #fit}, over the weighted pixels. */
        static double residual(PositionBasis basis, float[] u, float[] v, float[] weight, int size) {
            int plane = size * size;
            float[] grid = BilinearWarp.identityGrid(size, size);
            double[][] c = fit(basis, u, v, weight, size);
            double sum = 0;
            int count = 0;
            for (int i = 0; i < plane; i++) {
                if (weight[i] <= 0) {
                    continue;
                }
                double[] r = basis.at(grid[i], grid[plane + i]);
                sum += Math.abs(u[i] - value(c[0], r)) + Math.abs(v[i] - value(c[1], r));
                count++;
            }
            return count == 0 ? Double.NaN : sum / (2.0 * count);
        }

        /** A fit's coefficients applied to the basis at one position. */
        static double value(double[] c, double[] basisAt) {
            double sum = 0;
            for (int t = 0; t < c.length; t++) {
                sum += c[t] * basisAt[t];
            }
            return sum;
        }
    }
}
