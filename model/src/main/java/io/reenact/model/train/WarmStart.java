package io.reenact.model.train;

import io.reenact.model.LatentPoseModel;
import io.reenact.model.WeightsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts a new run from an exported checkpoint's weights wherever their shapes still fit the
 * model, leaving the rest freshly initialised. A change to one part (a wider pose head, say)
 * then costs the training of that part, not of the whole model: on two CPU cores the difference
 * is hours.
 */
final class WarmStart {

    private static final String SN_VECTOR = "sn_u";


    private WarmStart() {
    }

    /**
     * Loads {@code checkpoint/model.weights} into the live and the EMA model.
     *
     * @return the names that were loaded
     * @throws IllegalArgumentException when nothing in the file fits the model
     */
    static Set<String> from(Path checkpoint, LatentPoseModel model, LatentPoseModel ema, PrintStream log)
            throws IOException {
        Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve("model.weights") : checkpoint;
        Map<String, WeightsFile.Tensor> fitting = new LinkedHashMap<>();
        Set<String> skipped = new TreeSet<>();
        var params = model.parameters(Ema.G_SIDE);
        Map<String, WeightsFile.Tensor> tensors = withoutDroppedSpectralNorm(WeightsFile.read(file), params.keySet(), log);
        for (var e : tensors.entrySet()) {
            var p = params.get(e.getKey());
            if (p != null && Arrays.equals(p.getArray().getShape().getShape(), e.getValue().shape())) {
                fitting.put(e.getKey(), e.getValue());
            } else {
                skipped.add(e.getKey());
            }
        }
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException(file + " has no weight that fits " + model.config().name());
        }
        Set<String> loaded = WeightsFile.load(fitting, params, false);
        WeightsFile.load(fitting, ema.parameters(Ema.G_SIDE), false);
        Set<String> fresh = new TreeSet<>(params.keySet());
        fresh.removeAll(loaded);
        for (String name : fresh) {
            if (!name.startsWith("pose_encoder/") || !name.endsWith("head_weight")) {
                continue;
            }
            // A random new pose head would push noise through MLP weights that were trained on the
            // old pose vectors and wreck what was loaded. Silent at first, it gets gradients from
            // the loaded MLP at once and grows a pose signal the generator can follow.
            float[] zeros = new float[Math.toIntExact(params.get(name).getArray().getShape().size())];
            params.get(name).getArray().set(zeros);
            ema.parameters(Ema.G_SIDE).get(name).getArray().set(zeros);
            log.printf("%s starts at zero%n", name);
        }
        log.printf("warm start from %s: %d tensors loaded, %d in the file did not fit %s, %d fresh %s%n",
                file, loaded.size(), skipped.size(), skipped, fresh.size(), fresh);
        return loaded;
    }

    /**
     * A layer trained with spectral norm computes (W / σ(W))·x. Where the new model has the layer
     * without it, W / σ(W) is the weight that keeps the function the layer learnt.
     */
    static Map<String, WeightsFile.Tensor> withoutDroppedSpectralNorm(
            Map<String, WeightsFile.Tensor> tensors, Set<String> modelNames, PrintStream log) {
        Map<String, WeightsFile.Tensor> out = new LinkedHashMap<>(tensors);
        for (String name : tensors.keySet()) {
            if (!name.endsWith(SN_VECTOR) || modelNames.contains(name)) {
                continue;
            }
            String weightName = name.substring(0, name.length() - SN_VECTOR.length()) + "weight";
            WeightsFile.Tensor w = tensors.get(weightName);
            if (w == null || !modelNames.contains(weightName)) {
                continue;
            }
            double sigma = sigmaAsTrained(w, tensors.get(name));
            float[] scaled = new float[w.values().length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = (float) (w.values()[i] / sigma);
            }
            out.put(weightName, new WeightsFile.Tensor(w.shape(), scaled));
            out.remove(name);
            log.printf("%s: spectral norm folded into the weight (sigma %.4f)%n", weightName, sigma);
        }
        return out;
    }

    /**
     * σ as the trained layer computed it at inference: v = unit(Wᵀu), σ = |W v| (one power-iteration
     * step from the stored vector u). Folding this estimate, not the exact singular value, keeps the
     * layer's output identical.
     */
    static double sigmaAsTrained(WeightsFile.Tensor weight, WeightsFile.Tensor u) {
        int rows = Math.toIntExact(weight.shape()[0]);
        int cols = weight.values().length / rows;
        float[] w = weight.values();
        double[] v = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[c] += w[r * cols + c] * (double) u.values()[r];
            }
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm) + 1e-12;
        double sigmaSquared = 0;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += w[r * cols + c] * v[c] / norm;
            }
            sigmaSquared += sum * sum;
        }
        return Math.sqrt(sigmaSquared);
    }
}
