package io.reenact.model.train;

import io.reenact.model.ModelConfig;
import io.reenact.model.data.FrameDirectoryDataset;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideoDataset;
import io.reenact.model.data.VideoDataset;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code train}: trains the latent-pose model (or, with {@code --segmenter}, the segmenter) on synthetic
 * heads or a frames directory. Run again with the same {@code --out} to resume from its latest checkpoint.
 */
public final class TrainMain {

    static final String USAGE = """
            usage: train --out DIR [options]
              --config NAME            warp-128 (default) | cpu-128 | paper-256
              --steps N                total steps (default 10000; a resumed run continues up to N)
              --batch B                samples per step (default 8)
              --k K                    identity frames per sample (default 8)
              --lr-g X --lr-d X        Adam learning rates (default 2e-4 / 2e-4), β1 --beta1 (0)
              --lr-pose X              the pose encoder's own rate (default: --lr-g)
              --ema X                  EMA decay of G-side weights (default 0.999)
              --checkpoint-every N     steps between checkpoints (default 500)
              --no-adversarial         reconstruction + dice only (fast warm-up; best PSNR per CPU hour)
              --no-augment             disable the pose augmentation (ablation)
              --w-rec X --w-adv X --w-fm X --w-dice X --w-emb X   loss weights (10, 1, 10, 1, 0.01)
              --w-invariance X         warping: the pose codes of two people in one exact pose pulled
                                       together (default 0: off; see PoseInvarianceLoss)
              --w-flow-invariance X    warping: the flow a driver's code drives pulled to the flow its
                                       twin's code drives (default 0: off; see FlowInvarianceLoss)
              --w-mouth-critic X       warping: the output's mouth opening, as a small network taught on
                                       true renders reads it, against the target's (default 0: off;
                                       see MouthOpeningCritic)
              --identities N           synthetic training identities (default 2000)
              --videos-per-identity N  synthetic videos per identity (default 2)
              --frames N               frames per synthetic video (default 64)
              --cross-driven X         share of warping samples driven by another synthetic person in
                                       the target's exact pose (default 0.5; 0 = self-reenactment only)
              --data DIR               train on real frames (person/video/frames[+masks]) instead
              --seed S                 data, augmentation and initialisation seed (default 1)
              --init-from DIR          start from an exported checkpoint's weights where shapes fit
                                       (e.g. after a config change); a resumed run ignores it
              --segmenter              train the segmenter instead (uses --steps --batch --lr-g --out)
            """;

    private TrainMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Flags f = new Flags(args, Set.of("no-adversarial", "no-augment", "segmenter"));
        Path out = f.requiredPath("out");
        ModelConfig model = ModelConfig.byName(f.string("config", ModelConfig.DEFAULT_NAME));
        long seed = f.longValue("seed", 1);
        Path data = f.path("data", null);
        int identities = f.integer("identities", 2000);
        int videosPerIdentity = f.integer("videos-per-identity", 2);
        int frames = f.integer("frames", 64);
        VideoDataset dataset = data != null
                ? new FrameDirectoryDataset(data, model.imageSize())
                : new SyntheticVideoDataset(new SyntheticHeads(seed), Split.TRAIN, identities, videosPerIdentity,
                        frames, model.imageSize(), f.floating("cross-driven", 0.5f));
        if (f.has("segmenter")) {
            SegmenterTrainer.Config sc = new SegmenterTrainer.Config(model, out, f.integer("steps", 2000),
                    f.integer("batch", 8), f.floating("lr-g", 1e-3f), f.integer("checkpoint-every", 500), seed,
                    Flags.commandLine("train", args));
            f.rejectUnknown();
            new SegmenterTrainer(sc, dataset, System.err).run();
            return;
        }
        LossWeights d = LossWeights.defaults();
        TrainConfig config = new TrainConfig(model, out,
                f.integer("steps", 10_000), f.integer("batch", 8), f.integer("k", 8),
                f.floating("lr-g", 2e-4f), f.floating("lr-d", 2e-4f), f.floating("lr-pose", 0f), f.floating("beta1", 0f), 0.999f,
                f.floating("ema", 0.999f), f.integer("checkpoint-every", 500),
                !f.has("no-adversarial"), !f.has("no-augment"),
                new LossWeights(f.floating("w-rec", d.reconstruction()), f.floating("w-adv", d.adversarial()),
                        f.floating("w-fm", d.featureMatching()), f.floating("w-dice", d.dice()),
                        f.floating("w-emb", d.embeddingMatch()), f.floating("w-invariance", d.poseInvariance()),
                        f.floating("w-flow-invariance", d.flowInvariance()), f.floating("w-mouth-critic", d.mouthCritic())),
                identities, frames, data, seed, Flags.commandLine("train", args), f.path("init-from", null));
        f.rejectUnknown();
        Trainer.Result r = new Trainer(config, dataset, System.err).run();
        System.out.printf(java.util.Locale.ROOT, "trained to step %d at %.3f s/step; recent losses %s; export %s%n",
                r.step(), r.secondsPerStep(), r.recentLosses(), r.export());
    }
}
