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
        for (var e : WeightsFile.read(file).entrySet()) {
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
        var emaParams = ema.parameters(Ema.G_SIDE);
        Set<String> loaded = WeightsFile.load(fitting, params, false);
        WeightsFile.load(fitting, emaParams, false);
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
            emaParams.get(name).getArray().set(zeros);
            log.printf("%s starts at zero%n", name);
        }
        log.printf("warm start from %s: %d tensors loaded, %d in the file did not fit %s, %d fresh %s%n",
                file, loaded.size(), skipped.size(), skipped, fresh.size(), fresh);
        return loaded;
    }
}
