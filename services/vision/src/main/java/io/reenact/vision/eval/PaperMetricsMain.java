package io.reenact.vision.eval;

import io.reenact.model.Reenactor;
import io.reenact.model.train.Flags;
import io.reenact.vision.landmarks.DlibShapePredictor;

import java.nio.file.Path;
import java.util.Set;

/** {@code paper-metrics}: pose error (self-driving) and identity error (cross-driving) with dlib's landmarks. */
public final class PaperMetricsMain {

    static final String USAGE = """
            usage: paper-metrics [--out DIR] [--checkpoint DIR] [--identities N] [--frames N] [--seed S] [--k K]
              --out DIR          where paper-metrics.md and the PNGs go (default: paper-metrics)
              --checkpoint DIR   inference checkpoint (config.json + model.weights); default: the shipped one
              --identities N     held-out avatars, each cross-driven by the next (default 20)
              --frames N         driver frames per avatar and mode (default 8)
              --seed S           synthetic-head population seed; the training seed (default 1)
              --k K              enrolment frames per avatar (default 8)
            """;

    private PaperMetricsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(USAGE);
            return;
        }
        Flags f = new Flags(args, Set.of());
        PaperMetrics.Config d = PaperMetrics.Config.defaults(Path.of("paper-metrics"));
        Path checkpoint = f.path("checkpoint", null);
        PaperMetrics.Config config = new PaperMetrics.Config(checkpoint, f.path("out", d.out()),
                f.longValue("seed", d.seed()), f.integer("identities", d.identities()), f.integer("frames", d.frames()),
                f.integer("k", d.k()));
        f.rejectUnknown();
        long start = System.nanoTime();
        DlibShapePredictor dlib = DlibShapePredictor.shared();
        try (Reenactor model = checkpoint == null ? Reenactor.loadShipped() : Reenactor.load(checkpoint)) {
            System.err.printf("paper-metrics: model %s and dlib loaded in %.1f s%n", model.modelVersion(),
                    (System.nanoTime() - start) / 1e9);
            new PaperMetrics(config, dlib, System.err).run(model);
        }
    }
}
