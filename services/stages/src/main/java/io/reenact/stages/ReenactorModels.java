package io.reenact.stages;

import io.reenact.avatar.AvatarFineTuner;
import io.reenact.avatar.IdentityModel;
import io.reenact.generate.AvatarRenderer;
import io.reenact.model.AvatarSources;
import io.reenact.generate.RenderModel;
import io.reenact.generate.RenderedAvatar;
import io.reenact.model.GeneratorWeights;
import io.reenact.model.Mask;
import io.reenact.model.Reenactor;
import io.reenact.model.Rendering;
import io.reenact.model.RgbImage;
import io.reenact.model.WeightsFile;
import io.reenact.model.finetune.FineTuner;
import io.reenact.pose.PoseModel;
import io.reenact.segment.FrameSegmenter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every stage's view of the model, over one {@link Reenactor} (thread-safe, so stages on several
 * stream threads share it). Frames of any size are resized by the reenactor to the network's size;
 * masks come back at the frame's size.
 */
public final class ReenactorModels implements FrameSegmenter, PoseModel, RenderModel, IdentityModel, AutoCloseable {

    private final Reenactor reenactor;
    private final AvatarRenderer base;
    private final PrintStream fineTuneLog;
    private volatile Function<RgbImage, Mask> enrolmentMasks;

    public ReenactorModels(Reenactor reenactor) {
        this(reenactor, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** @param fineTuneLog where fine-tuning prints its progress (the CLI passes System.err) */
    public ReenactorModels(Reenactor reenactor, PrintStream fineTuneLog) {
        this.reenactor = Objects.requireNonNull(reenactor, "reenactor");
        this.fineTuneLog = fineTuneLog;
        this.base = (identity, pose, sources) -> rendered(reenactor.render(identity, pose, sources));
        this.enrolmentMasks = reenactor::segment;
    }

    /** The shipped checkpoint, or the seeded untrained network where none ships. */
    public static ReenactorModels shipped() {
        return new ReenactorModels(Reenactor.loadShipped());
    }

    public Reenactor reenactor() {
        return reenactor;
    }

    @Override
    public String modelVersion() {
        return reenactor.modelVersion();
    }

    @Override
    public Mask segment(RgbImage frame) {
        return reenactor.segment(frame);
    }

    @Override
    public float[] encodePose(RgbImage frame) {
        return reenactor.encodePose(frame);
    }

    @Override
    public float[] encodeIdentity(List<RgbImage> frames) {
        return reenactor.encodeIdentity(frames);
    }

    @Override
    public AvatarRenderer base() {
        return base;
    }

    @Override
    public AvatarRenderer fineTuned(byte[] weights) {
        GeneratorWeights loaded = reenactor.loadGeneratorWeights(weights);
        return new AvatarRenderer() {
            @Override
            public RenderedAvatar render(float[] identity, float[] pose, AvatarSources sources) {
                return rendered(reenactor.render(loaded, identity, pose, sources));
            }

            @Override
            public void close() {
                loaded.close();
            }
        };
    }

    /**
     * Where enrolment takes the masks of a warping renderer's source frames: by default the shipped
     * synthetic-domain segmenter; the live pipeline passes the one it segments drivers with
     * (MediaPipe's for real frames), so an avatar is cut out as well as its drivers are.
     */
    public ReenactorModels withEnrolmentMasks(FrameSegmenter segmenter) {
        this.enrolmentMasks = segmenter::segment;
        return this;
    }

    @Override
    public AvatarSources prepareSources(List<RgbImage> frames) {
        if (!reenactor.warps()) {
            return AvatarSources.NONE;
        }
        List<Mask> masks = new ArrayList<>(frames.size());
        for (RgbImage f : frames) {
            masks.add(enrolmentMasks.apply(f));
        }
        return reenactor.prepareSources(frames, masks);
    }

    @Override
    public int identitySize() {
        return reenactor.config().identityDim();
    }

    @Override
    public int poseSize() {
        return reenactor.config().poseDim();
    }

    /**
     * Fine-tuning with the model's {@link FineTuner}; the masks it trains against come from the
     * segmenter enrolment cuts the avatar out with ({@link #withEnrolmentMasks}), so a warping
     * renderer is tuned on the very source masks {@link #prepareSources} gives serving.
     */
    @Override
    public Optional<AvatarFineTuner> fineTuner() {
        return Optional.of((frames, steps) -> {
            List<Mask> masks = new ArrayList<>(frames.size());
            for (RgbImage frame : frames) {
                masks.add(ImageResize.resize(enrolmentMasks.apply(frame), frame.width(), frame.height()));
            }
            FineTuner.Config defaults = FineTuner.Config.defaults();
            FineTuner.Config config = new FineTuner.Config(steps, defaults.batch(), defaults.learningRate(), defaults.emaDecay(),
                    WeightsFile.Precision.FP16, defaults.seed());
            FineTuner.Result result = new FineTuner(reenactor.model(), config, fineTuneLog,
                    reenactor.expressionReading()).fineTune(frames, masks);
            return new AvatarFineTuner.Result(result.identity(), result.weights());
        });
    }

    private static RenderedAvatar rendered(Rendering r) {
        return new RenderedAvatar(r.image(), r.mask());
    }

    @Override
    public void close() {
        reenactor.close();
    }
}
