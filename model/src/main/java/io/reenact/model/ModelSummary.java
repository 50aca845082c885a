package io.reenact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.layers.MacCounter;
import io.reenact.model.segmenter.Segmenter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parameter count and compute per part of a configuration. Compute is measured, not estimated:
 * one batch-1 forward pass with {@link MacCounter} on, counting the multiply-accumulates of every
 * convolution and linear layer (element-wise work such as AdaIN and activations is not counted).
 * GFLOPs are reported as 2 × MACs.
 */
public final class ModelSummary {

    /** One row of the summary. */
    public record Row(String part, long parameters, long macs) {
        public double gflops() {
            return 2.0 * macs / 1e9;
        }
    }

    private ModelSummary() {
    }

    public static List<Row> summarise(ModelConfig config) {
        int s = config.imageSize();
        List<Row> rows = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager();
                LatentPoseModel model = LatentPoseModel.create(config, root, 1, 1);
                NDManager step = root.newSubManager()) {
            NDArray frame = step.randomUniform(0, 1, new Shape(1, 3, s, s));
            MacCounter.start();
            NDArray pose = model.pose(frame);
            rows.add(new Row("pose encoder (per frame)", model.parameterCount(LatentPoseModel.Part.POSE_ENCODER), MacCounter.stop()));

            MacCounter.start();
            NDArray identity = model.identity(frame.reshape(1, 1, 3, s, s));
            rows.add(new Row("identity encoder (per frame)", model.parameterCount(LatentPoseModel.Part.IDENTITY_ENCODER), MacCounter.stop()));

            MacCounter.start();
            NDArray params = model.adaInParams(identity, pose, false);
            rows.add(new Row("AdaIN MLP", model.parameterCount(LatentPoseModel.Part.MLP), MacCounter.stop()));
            MacCounter.start();
            GeneratedFrame g = model.generate(params, false);
            rows.add(new Row("generator", model.parameterCount(LatentPoseModel.Part.GENERATOR), MacCounter.stop()));

            MacCounter.start();
            model.discriminate(g.image(), step.create(new int[] {0}), false);
            // the per-video embedding table grows with the training set; count the network alone
            long embedding = model.discriminator().orElseThrow().videoEmbeddingParameter().getArray().size();
            rows.add(new Row("discriminator (without video table)",
                    model.parameterCount(LatentPoseModel.Part.DISCRIMINATOR) - embedding, MacCounter.stop()));

            Segmenter seg = new Segmenter(config);
            seg.initialize(step, DataType.FLOAT32, new Shape(1, 3, s, s));
            long segParams = seg.namedParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            MacCounter.start();
            seg.forward(new ParameterStore(step, false), new NDList(frame), false);
            rows.add(new Row("segmenter", segParams, MacCounter.stop()));
        } finally {
            MacCounter.stop();
        }
        return rows;
    }

    /** The table for one configuration, with the per-generated-frame total (MLP + generator). */
    public static String format(ModelConfig config) {
        List<Row> rows = summarise(config);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (%d×%d)%n", config.name(), config.imageSize(), config.imageSize()));
        sb.append(String.format(Locale.ROOT, "  %-38s %12s %10s%n", "part", "parameters", "GFLOPs"));
        long frameMacs = 0;
        long frameParams = 0;
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-38s %12s %10.3f%n", r.part(), grouped(r.parameters()), r.gflops()));
            if (r.part().equals("AdaIN MLP") || r.part().equals("generator")) {
                frameMacs += r.macs();
                frameParams += r.parameters();
            }
        }
        sb.append(String.format(Locale.ROOT, "  %-38s %12s %10.3f%n", "= per generated frame (MLP + generator)",
                grouped(frameParams), 2.0 * frameMacs / 1e9));
        return sb.toString();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Prints the summary of the named configurations (all when none given). */
    public static void main(String[] args) {
        List<String> names = args.length == 0 ? ModelConfig.names() : List.of(args);
        for (String n : names) {
            System.out.println(format(ModelConfig.byName(n)));
        }
    }
}
