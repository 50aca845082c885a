package io.reenact.model.finetune;

import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.model.WeightsFile;
import io.reenact.model.data.FrameDirectoryDataset;
import io.reenact.model.data.RenderedFrame;
import io.reenact.model.data.Split;
import io.reenact.model.data.SyntheticHeads;
import io.reenact.model.data.SyntheticVideo;
import io.reenact.model.train.ExportedModel;
import io.reenact.model.train.Flags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code finetune}: fine-tunes a checkpoint to one person and writes {@code avatar.weights} (MLP +
 * generator, or a warping model's whole renderer) and {@code identity.f32} (the identity vector,
 * little-endian float32) to {@code --out}.
 * The person comes from a frames directory (VoxCeleb-like layout, its first video) or is a held-out
 * synthetic identity.
 */
public final class FineTuneMain {

    static final String USAGE = """
            usage: finetune --checkpoint DIR --out DIR [--data DIR | --identity N] [--frames N] [--steps N]
              --checkpoint DIR  exported checkpoint or training run directory
              --data DIR        person/video/frames[+masks] layout; its first video is the avatar
              --identity N      else: TEST-split synthetic identity N (seed --seed, default 1)
              --frames N        avatar frames used (default 16)
              --steps N         fine-tuning steps (default 100)   --batch B (default 4)   --lr X (5e-5)
              --ema D           EMA decay of the returned weights (default 0: the last step's; paper 0.972)
            """;

    private FineTuneMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Flags f = new Flags(args, Set.of());
        Path checkpoint = f.requiredPath("checkpoint");
        Path out = f.requiredPath("out");
        Path data = f.path("data", null);
        int frameCount = f.integer("frames", 16);
        int identityIndex = f.integer("identity", 0);
        long seed = f.longValue("seed", 1);
        FineTuner.Config d = FineTuner.Config.defaults();
        FineTuner.Config config = new FineTuner.Config(f.integer("steps", d.steps()), f.integer("batch", d.batch()),
                f.floating("lr", d.learningRate()), f.floating("ema", d.emaDecay()), d.precision(), seed);
        f.rejectUnknown();
        try (NDManager manager = NDManager.newBaseManager();
             LatentPoseModel model = ExportedModel.load(checkpoint, manager)) {
            int size = model.config().imageSize();
            List<RgbImage> frames = new ArrayList<>();
            List<Mask> masks = new ArrayList<>();
            if (data != null) {
                FrameDirectoryDataset ds = new FrameDirectoryDataset(data, size);
                int available = ds.videos().get(0).frames().size();
                for (int i = 0; i < Math.min(frameCount, available); i++) {
                    frames.add(ds.frame(0, i));
                    masks.add(ds.mask(0, i));
                }
            } else {
                SyntheticHeads heads = new SyntheticHeads(seed);
                SyntheticVideo video = heads.video(heads.identity(Split.TEST, identityIndex), 7_000_000L + identityIndex,
                        Math.max(frameCount, 2));
                for (int i = 0; i < frameCount; i++) {
                    RenderedFrame r = video.frame(i, size);
                    frames.add(r.image());
                    masks.add(r.mask());
                }
            }
            FineTuner.Result r = new FineTuner(model, config, System.err).fineTune(frames, masks);
            Files.createDirectories(out);
            Files.write(out.resolve("avatar.weights"), r.weights());
            ByteBuffer buf = ByteBuffer.allocate(r.identity().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(r.identity());
            Files.write(out.resolve("identity.f32"), buf.array());
            System.out.printf(java.util.Locale.ROOT, "fine-tuned %d steps in %.1f s: reconstruction %.4f -> %.4f; wrote %s%n",
                    r.steps(), r.seconds(), r.reconstructionBefore(), r.reconstructionAfter(), out);
        }
    }
}
