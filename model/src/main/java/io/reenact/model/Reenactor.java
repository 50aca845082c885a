package io.reenact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.reenact.model.encoder.ShiftedFrames;
import io.reenact.model.generator.AdaInParamsMlp;
import io.reenact.model.generator.Generator;
import io.reenact.model.generator.WarpRenderer;
import io.reenact.model.layers.Ops;
import io.reenact.model.segmenter.Segmenter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The inference API the pipeline calls: identity from K frames, pose from one frame, rendering
 * of (identity, pose), and the synthetic-domain segmenter.
 *
 * <p>Thread-safe: the weights are read-only at inference and every call works in its own
 * sub-manager that is closed before it returns, so concurrent calls neither interfere nor leak
 * engine memory. Results are plain Java values. Inputs of any size are resized to
 * {@code config().imageSize()}.
 *
 * <p>Per-avatar fine-tuned weights: load them once with {@link #loadGeneratorWeights(byte[])},
 * keep the {@link GeneratorWeights} with the avatar, and pass it to
 * {@link #render(GeneratorWeights, float[], float[])} (a warping model:
 * {@link #render(GeneratorWeights, float[], float[], AvatarSources)}); close it when the avatar is dropped.
 */
public final class Reenactor implements AutoCloseable {

    /** Seed of the deterministic fallback weights when no trained checkpoint is shipped. */
    public static final long UNTRAINED_SEED = 20200601L;

    private static final String SHIPPED = "io/reenact/model/checkpoints/";
    /**
     * Avatars whose sources stay in engine memory (see {@link SourceTensors}); about 68 MB each for
     * warp-128 with 16 kept frames enlarged four times.
     */
    private static final int CACHED_AVATARS = 4;

    private final NDManager root;
    private final LatentPoseModel model;
    private final Segmenter segmenter;
    private final boolean segmenterTrained;
    private final String version;
    private final SourceTensors sourceTensors;
    /** Null for checkpoints without one: frames are then chosen by the code alone. */
    private final ExpressionReading expressionReading;

    private Reenactor(NDManager root, LatentPoseModel model, Segmenter segmenter, boolean segmenterTrained,
            String version, ExpressionReading expressionReading) {
        this.root = root;
        this.model = model;
        this.segmenter = segmenter;
        this.segmenterTrained = segmenterTrained;
        this.version = version;
        this.expressionReading = expressionReading;
        this.sourceTensors = new SourceTensors(root, CACHED_AVATARS);
    }

    // ------------------------------------------------------------------ loading

    /** Loads an inference checkpoint directory (see {@link InferenceCheckpoint}). */
    public static Reenactor load(Path dir) throws IOException {
        ModelConfig config = ModelConfig.fromJson(Files.readString(dir.resolve(InferenceCheckpoint.CONFIG)));
        byte[] model = Files.readAllBytes(dir.resolve(InferenceCheckpoint.MODEL));
        Path seg = dir.resolve(InferenceCheckpoint.SEGMENTER);
        return fromBytes(config, model, Files.exists(seg) ? Files.readAllBytes(seg) : null,
                ExpressionReading.in(dir));
    }

    /**
     * The default checkpoint shipped inside the jar ({@link ModelConfig#DEFAULT_NAME}); see
     * {@link #loadShipped(String)}.
     */
    public static Reenactor loadShipped() {
        return loadShipped(ModelConfig.DEFAULT_NAME);
    }

    /**
     * A checkpoint shipped inside the jar, by config name; when none is shipped under that name, a
     * deterministic seeded initialisation whose {@link #modelVersion()} says "{@code <name>-untrained}".
     */
    public static Reenactor loadShipped(String configName) {
        ClassLoader cl = Reenactor.class.getClassLoader();
        String dir = SHIPPED + configName + "/";
        try (InputStream cfg = cl.getResourceAsStream(dir + InferenceCheckpoint.CONFIG);
                InputStream weights = cl.getResourceAsStream(dir + InferenceCheckpoint.MODEL);
                InputStream seg = cl.getResourceAsStream(dir + InferenceCheckpoint.SEGMENTER);
                InputStream reading = cl.getResourceAsStream(dir + ExpressionReading.FILE)) {
            if (cfg == null || weights == null) {
                return untrained(ModelConfig.byName(configName), UNTRAINED_SEED);
            }
            ModelConfig config = ModelConfig.fromJson(new String(cfg.readAllBytes(), StandardCharsets.UTF_8));
            return fromBytes(config, weights.readAllBytes(), seg == null ? null : seg.readAllBytes(),
                    ExpressionReading.from(reading));
        } catch (IOException e) {
            throw new UncheckedIOException("shipped checkpoint unreadable", e);
        }
    }

    /** Seeded random weights (no training): for tests, benchmarks and a first run without a checkpoint. */
    public static Reenactor untrained(ModelConfig config, long seed) {
        NDManager root = NDManager.newBaseManager();
        LatentPoseModel model = LatentPoseModel.create(config, root, 0, seed);
        Segmenter seg = newSegmenter(config, root);
        return new Reenactor(root, model, seg, false, config.name() + "-untrained", null);
    }

    /** Wraps an in-memory model (e.g. the trainer's EMA copy) without copying; closing the reenactor closes it (and the segmenter's arrays if it lives in the model's manager). A null segmenter gets seeded random weights. */
    public static Reenactor wrap(LatentPoseModel model, Segmenter segmenter, String version) {
        NDManager root = NDManager.newBaseManager();
        return new Reenactor(root, model, segmenter == null ? newSegmenter(model.config(), root) : segmenter,
                segmenter != null, version, null);
    }

    private static Reenactor fromBytes(ModelConfig config, byte[] modelWeights, byte[] segmenterWeights,
            ExpressionReading reading) throws IOException {
        if (reading != null && reading.codeDim() != config.poseDim()) {
            throw new IllegalArgumentException("the checkpoint's " + ExpressionReading.FILE + " reads "
                    + reading.codeDim() + "-entry codes and its model makes " + config.poseDim());
        }
        NDManager root = NDManager.newBaseManager();
        try {
            LatentPoseModel model = LatentPoseModel.create(config, root, 0, UNTRAINED_SEED);
            WeightsFile.load(WeightsFile.read(modelWeights), InferenceCheckpoint.inferenceParameters(model), true);
            Segmenter seg = newSegmenter(config, root);
            if (segmenterWeights != null) {
                WeightsFile.load(WeightsFile.read(segmenterWeights), seg.namedParameters(), true);
            }
            // Loaded weights are only ever read: without this every forward pass would record an
            // autograd graph (and keep its activations) for gradients nobody asks for.
            InferenceCheckpoint.inferenceParameters(model).values().forEach(p -> p.freeze(true));
            seg.namedParameters().values().forEach(p -> p.freeze(true));
            if (model.generator() != null) {
                model.generator().precomputeUpsampling();
            }
            if (model.warpRenderer() != null) {
                model.warpRenderer().precomputeUpsampling();
            }
            return new Reenactor(root, model, seg, segmenterWeights != null, config.name() + "@" + shortHash(modelWeights),
                    reading);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static Segmenter newSegmenter(ModelConfig config, NDManager root) {
        Segmenter seg = new Segmenter(config);
        seg.initialize(root, DataType.FLOAT32, new Shape(1, 3, config.imageSize(), config.imageSize()));
        return seg;
    }

    private static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ properties

    public ModelConfig config() {
        return model.config();
    }

    /** {@code <config>@<first 12 hex of the weights' SHA-256>}, or {@code <config>-untrained}. */
    public String modelVersion() {
        return version;
    }

    /** Whether {@link #segment(RgbImage)} runs trained weights (false: seeded random ones). */
    public boolean hasTrainedSegmenter() {
        return segmenterTrained;
    }

    /** The underlying networks (for fine-tuning, which starts from these weights). */
    public LatentPoseModel model() {
        return model;
    }

    /** How a frame to warp is chosen by expression as well as by code (null: by code alone). */
    public ExpressionReading expressionReading() {
        return expressionReading;
    }

    // ------------------------------------------------------------------ inference

    /** The identity embedding of one person: mean over the given frames (any number ≥ 1). */
    public float[] encodeIdentity(List<RgbImage> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("at least one frame is needed");
        }
        try (NDManager m = root.newSubManager()) {
            NDArray x = images(m, frames).reshape(1, frames.size(), 3, size(), size());
            return model.identityEncoder().forward(store(m), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    public float[] encodePose(RgbImage frame) {
        return encodePoses(List.of(frame)).get(0);
    }

    /** Pose embeddings of several frames in one batch. */
    public List<float[]> encodePoses(List<RgbImage> frames) {
        try (NDManager m = root.newSubManager()) {
            return Ops.rows(ShiftedFrames.meanCode(model.poseEncoder(), store(m), images(m, frames)));
        }
    }

    public Rendering render(float[] identity, float[] pose) {
        return render(identity, List.of(pose)).get(0);
    }

    /** Whether this model renders by warping an avatar's own frames (it then needs its {@link AvatarSources}). */
    public boolean warps() {
        return config().warps();
    }

    /**
     * What the renderer needs of an avatar, computed once at enrolment: for a warping model, up to
     * {@link WarpSources#KEPT} of the frames (the most varied in latent pose, see
     * {@link WarpSources#varied}) at the model's size, with their masks and latent poses; for the
     * AdaIN generator, nothing.
     *
     * @param masks one per frame, any size (resized with the frame)
     */
    public AvatarSources prepareSources(List<RgbImage> frames, List<Mask> masks) {
        if (!warps()) {
            return AvatarSources.NONE;
        }
        if (frames.isEmpty() || masks.size() != frames.size()) {
            throw new IllegalArgumentException("need at least one frame and one mask per frame");
        }
        int s = size();
        List<RgbImage> all = frames.stream().map(f -> Pixels.resize(f, s)).toList();
        List<float[]> poses = encodePoses(all);
        List<RgbImage> images = new ArrayList<>();
        List<Mask> sized = new ArrayList<>();
        List<float[]> keptPoses = new ArrayList<>();
        for (int i : WarpSources.varied(poses, WarpSources.KEPT)) {
            images.add(all.get(i));
            Mask m = masks.get(i);
            sized.add(m.width() == s && m.height() == s ? m : resizeMask(m, s, s));
            keptPoses.add(poses.get(i));
        }
        return new AvatarSources(images, sized, keptPoses);
    }

    /**
     * Renders an avatar in a driver's pose: by warping its sources when the model warps, with the
     * AdaIN generator otherwise (which ignores the sources).
     *
     * @throws IllegalArgumentException when a warping model gets no sources
     */
    public Rendering render(float[] identity, float[] pose, AvatarSources sources) {
        if (!warps()) {
            return render(identity, pose);
        }
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException(config().name() + " renders by warping the avatar's own frames, and "
                    + "this avatar carries none: enrol it again with this model");
        }
        return warp(model.warpRenderer(), identity, pose, sources);
    }

    /**
     * As {@link #render(float[], float[], AvatarSources)}, with an avatar's fine-tuned renderer
     * (see {@link GeneratorWeights}).
     */
    public Rendering render(GeneratorWeights weights, float[] identity, float[] pose, AvatarSources sources) {
        if (!warps()) {
            return render(weights, identity, pose);
        }
        if (sources == null || sources.isEmpty()) {
            return render(identity, pose, sources);
        }
        return warp(weights.warpRenderer(), identity, pose, sources);
    }

    private Rendering warp(WarpRenderer renderer, float[] identity, float[] pose, AvatarSources sources) {
        ModelConfig c = config();
        int s = size();
        if (sources.size() != s) {
            throw new IllegalArgumentException("sources are " + sources.size() + " px, the model takes " + s);
        }
        try (NDManager m = root.newSubManager();
             SourceTensors.Lease held = sourceTensors.lease(sources,
                     WarpSources.nearest(sources.poses(), pose, WarpSources.SERVING, expressionReading), c.poseDim(),
                     c.samplesBicubic(), m)) {
            NDList in = new NDList(m.create(identity, new Shape(1, c.identityDim())),
                    m.create(pose, new Shape(1, c.poseDim())));
            in.addAll(held.inputs());
            NDList f = renderer.forward(store(m), in, false);
            float[] rgb = f.get(0).toFloatArray();
            float[] mask = f.get(1).toFloatArray();
            return new Rendering(composite(rgb, mask, 0, s), Pixels.fromChw(rgb, 0, s), Pixels.maskFrom(mask, 0, s));
        }
    }

    /** Renders one identity in several poses, as one batch. */
    public List<Rendering> render(float[] identity, List<float[]> poses) {
        return render(model.mlp(), model.generator(), identity, poses);
    }

    public Rendering render(GeneratorWeights weights, float[] identity, float[] pose) {
        return render(weights, identity, List.of(pose)).get(0);
    }

    /** Renders with an avatar's fine-tuned generator and MLP. */
    public List<Rendering> render(GeneratorWeights weights, float[] identity, List<float[]> poses) {
        return render(weights.mlp(), weights.generator(), identity, poses);
    }

    /** Reads per-avatar fine-tuned weights (see {@link GeneratorWeights}); the caller closes them. */
    public GeneratorWeights loadGeneratorWeights(byte[] weightsFile) {
        return GeneratorWeights.load(config(), root, weightsFile);
    }

    /** The synthetic-domain foreground mask of a frame, at the frame's own size. */
    public Mask segment(RgbImage frame) {
        int s = size();
        try (NDManager m = root.newSubManager()) {
            NDArray logits = segmenter.forward(store(m), new NDList(images(m, List.of(frame))), false).singletonOrThrow();
            float[] prob = logits.getNDArrayInternal().sigmoid().toFloatArray();
            Mask mask = Pixels.maskFrom(prob, 0, s);
            return frame.width() == s && frame.height() == s ? mask : resizeMask(mask, frame.width(), frame.height());
        }
    }

    private List<Rendering> render(AdaInParamsMlp mlp, Generator generator, float[] identity, List<float[]> poses) {
        ModelConfig c = config();
        if (c.warps()) {
            throw new IllegalStateException(c.name() + " renders by warping the avatar's own frames: call "
                    + "render(identity, pose, sources)");
        }
        if (identity.length != c.identityDim()) {
            throw new IllegalArgumentException("identity has " + identity.length + " values, expected " + c.identityDim());
        }
        int b = poses.size();
        float[] ids = new float[b * c.identityDim()];
        float[] ps = new float[b * c.poseDim()];
        for (int i = 0; i < b; i++) {
            float[] p = poses.get(i);
            if (p.length != c.poseDim()) {
                throw new IllegalArgumentException("pose has " + p.length + " values, expected " + c.poseDim());
            }
            System.arraycopy(identity, 0, ids, i * c.identityDim(), c.identityDim());
            System.arraycopy(p, 0, ps, i * c.poseDim(), c.poseDim());
        }
        try (NDManager m = root.newSubManager()) {
            ParameterStore store = store(m);
            NDArray params = mlp.forward(store, new NDList(
                    m.create(ids, new Shape(b, c.identityDim())), m.create(ps, new Shape(b, c.poseDim()))), false)
                    .singletonOrThrow();
            NDList out = generator.forward(store, new NDList(params), false);
            float[] rgb = out.get(0).toFloatArray();
            float[] mask = out.get(1).toFloatArray();
            int s = size();
            int plane = s * s;
            List<Rendering> result = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                RgbImage colour = Pixels.fromChw(rgb, i * 3 * plane, s);
                Mask alpha = Pixels.maskFrom(mask, i * plane, s);
                result.add(new Rendering(composite(rgb, mask, i, s), colour, alpha));
            }
            return result;
        }
    }

    private static RgbImage composite(float[] rgb, float[] mask, int index, int s) {
        int plane = s * s;
        byte[] out = new byte[plane * 3];
        int rgbBase = index * 3 * plane;
        int maskBase = index * plane;
        for (int i = 0; i < plane; i++) {
            float a = mask[maskBase + i];
            for (int c = 0; c < 3; c++) {
                float v = rgb[rgbBase + c * plane + i];
                out[i * 3 + c] = Pixels.toByte((v < 0f ? 0f : Math.min(v, 1f)) * a);
            }
        }
        return new RgbImage(s, s, out);
    }

    private NDArray images(NDManager m, List<RgbImage> frames) {
        int s = size();
        int plane = 3 * s * s;
        float[] data = new float[frames.size() * plane];
        for (int i = 0; i < frames.size(); i++) {
            Pixels.toChw(Pixels.resize(frames.get(i), s), data, i * plane);
        }
        return m.create(data, new Shape(frames.size(), 3, s, s));
    }

    private static Mask resizeMask(Mask mask, int width, int height) {
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(mask.height() - 1, (int) ((y + 0.5f) * mask.height() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(mask.width() - 1, (int) ((x + 0.5f) * mask.width() / width));
                out[y * width + x] = mask.alpha()[sy * mask.width() + sx];
            }
        }
        return new Mask(width, height, out);
    }

    /** Engine arrays currently held by this reenactor (its weights); constant across calls when nothing leaks. */
    int liveArrayCount() {
        return root.getManagedArrays().size();
    }

    private static ParameterStore store(NDManager m) {
        return new ParameterStore(m, false);
    }

    private int size() {
        return config().imageSize();
    }

    @Override
    public void close() {
        sourceTensors.clear();
        model.close();
        root.close();
    }
}
