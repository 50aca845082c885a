package io.reenact.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes of every network of the model. Three named configurations exist: {@code warp-128}, the
 * default, the warping renderer at 128²; {@code cpu-128}, the AdaIN generator sized for real time
 * on two CPU cores (about 1 GFLOP per generated frame); and {@code paper-256}, the widths of
 * Burkov et al. at 256×256.
 *
 * @param imageSize           side of the square frames the networks see and produce
 * @param identityWidths      identity encoder: stem width (at half resolution), then one
 *                            downsampling residual block per further entry
 * @param poseWidths          pose encoder: one stride-2 conv per entry (deliberately small)
 * @param generatorConst      channels of the learned 4×4 constant
 * @param generatorConstBlocks residual AdaIN blocks at 4×4 before upsampling
 * @param generatorWidths     output width of each upsampling block; 4·2^n must equal imageSize
 * @param discriminatorWidths one downsampling residual block per entry, then one more block at
 *                            the last width; the last width must equal identityDim because the
 *                            projection embedding is matched against the identity embedding
 * @param discriminatorSeesMask feed the mask as a 4th channel to the discriminator
 * @param segmenterWidths     U-Net widths per level (full, /2, /4, /8 ...)
 * @param spectralNormMlp     spectral norm in the AdaIN-parameter MLP (as in the paper)
 * @param spectralNormDiscriminator spectral norm in the discriminator (as in the paper)
 * @param poseGain            factor on the pose embedding where it meets the identity in the MLP;
 *                            see {@link #effectivePoseGain()}
 * @param poseLayoutCells     the pose encoder's last map is pooled to this many cells a side and
 *                            flattened, so the head knows where features are; 0 (configs written
 *                            before the field existed) pools it to one value per channel
 * @param renderer            {@value #ADAIN} (the paper's generator; also what configs written before
 *                            the field existed mean) or {@value #WARP} (warps the avatar's own frames)
 * @param flowWidths          warp renderer: flow-decoder width per scale, coarsest (16 px) first, one
 *                            scale per entry, each twice the previous size
 * @param refinerWidth        warp renderer: width of the refiner that fills what warping cannot
 * @param warpSampling        warp renderer: how the avatar's frames are resampled, {@value #BICUBIC}
 *                            or {@value #BILINEAR} (what configs written before the field existed mean)
 * @param blendSharpness      warp renderer: factor on the logits that choose among the K warped
 *                            sources; see {@link #effectiveBlendSharpness()}
 * @param expressionHoles     warp renderer: kinds of expression change (an opening mouth, a closing
 *                            lid...) the flow decoder learns to doubt a source's warp for, each as an
 *                            amount read from the motion code times a place on the warped source;
 *                            0 (configs written before the field existed) learns the trust without it
 * @param servedTrustBias     warp renderer: logits added, when serving only, to the trust in a source's
 *                            warp (0 in configs written before the field existed); see {@code WarpRenderer}
 */
public record ModelConfig(
        String name,
        int imageSize,
        int identityDim,
        int poseDim,
        int[] identityWidths,
        int[] poseWidths,
        int mlpHidden,
        int generatorConst,
        int generatorConstBlocks,
        int[] generatorWidths,
        int[] discriminatorWidths,
        boolean discriminatorSeesMask,
        int[] segmenterWidths,
        boolean spectralNormMlp,
        boolean spectralNormDiscriminator,
        float poseGain,
        int poseLayoutCells,
        String renderer,
        int[] flowWidths,
        int refinerWidth,
        String warpSampling,
        float blendSharpness,
        int expressionHoles,
        float servedTrustBias) {

    public static final String DEFAULT_NAME = "warp-128";
    public static final String ADAIN = "adain";
    public static final String WARP = "warp";
    public static final String BILINEAR = "bilinear";
    public static final String BICUBIC = "bicubic";
    /** warp-128's {@link #blendSharpness}: near a choice of one source per region, still differentiable. */
    static final float BLEND_SHARPNESS = 4f;
    /** warp-128's {@link #expressionHoles}: mouth open, lids closed, lips smiling, brows raised. */
    static final int EXPRESSION_HOLES = 4;
    /**
     * warp-128's {@link #servedTrustBias}. Trained, the trust is the chance that the warp shows the
     * point, and it doubts eyes and brows everywhere; served at 0 the fill's blur is blended over them
     * (shipped weights, seed 1: sharpness 0.74 → 0.70, mouth-open correlation 0.58 → 0.52). Every
     * checkpoint the trainer writes carries it, so a run is evaluated as it will be served.
     */
    static final float SERVED_TRUST_BIAS = 1.5f;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public ModelConfig {
        renderer = renderer == null ? ADAIN : renderer;
        warpSampling = warpSampling == null ? BILINEAR : warpSampling;
        if (!warpSampling.equals(BILINEAR) && !warpSampling.equals(BICUBIC)) {
            throw new IllegalArgumentException("warpSampling must be " + BILINEAR + " or " + BICUBIC + ": " + warpSampling);
        }
        if (!renderer.equals(ADAIN) && !renderer.equals(WARP)) {
            throw new IllegalArgumentException("renderer must be " + ADAIN + " or " + WARP + ": " + renderer);
        }
        if (renderer.equals(WARP)) {
            if (expressionHoles < 0) {
                throw new IllegalArgumentException("expressionHoles must be 0 or more: " + expressionHoles);
            }
            if (flowWidths == null || flowWidths.length < 2 || 16 << flowWidths.length - 1 > imageSize || refinerWidth < 1) {
                throw new IllegalArgumentException("a warp renderer needs 2+ flow scales from 16 px, at most imageSize, and a refiner width");
            }
        } else if (generatorWidths.length == 0 || 4 << generatorWidths.length != imageSize) {
            throw new IllegalArgumentException("imageSize " + imageSize + " needs log2(imageSize/4) generator blocks, got "
                    + generatorWidths.length);
        }
        if (discriminatorWidths[discriminatorWidths.length - 1] != identityDim) {
            throw new IllegalArgumentException("last discriminator width must equal identityDim " + identityDim);
        }
        if (identityWidths.length < 2 || poseWidths.length < 1 || segmenterWidths.length < 2) {
            throw new IllegalArgumentException("encoder / segmenter widths too short");
        }
        int poseMap = imageSize >> poseWidths.length;
        if (poseLayoutCells < 0 || poseLayoutCells > 0 && (poseLayoutCells > poseMap || poseMap % poseLayoutCells != 0)) {
            throw new IllegalArgumentException("poseLayoutCells " + poseLayoutCells + " must divide the pose encoder's "
                    + poseMap + "-pixel map");
        }
        if (imageSize % (1 << segmenterWidths.length - 1) != 0) {
            throw new IllegalArgumentException("imageSize must be divisible by 2^(segmenter levels - 1)");
        }
    }

    public static ModelConfig cpu128() {
        return new ModelConfig("cpu-128", 128, 256, 64,
                new int[] {32, 64, 128, 256},
                new int[] {16, 32, 64, 128},
                512,
                256, 1, new int[] {256, 128, 64, 32, 16},
                new int[] {32, 64, 128, 256, 256}, false,
                new int[] {8, 16, 32, 64},
                true, true, 8f, 4, ADAIN, null, 0, null, 0f, 0, 0f);
    }

    /**
     * The warping renderer at 128 px: cpu-128's encoders (so it warm-starts from them), a flow
     * decoder from 16 to 64 px and a refiner; no AdaIN generator.
     */
    public static ModelConfig warp128() {
        return new ModelConfig("warp-128", 128, 256, 64,
                new int[] {32, 64, 128, 256},
                new int[] {16, 32, 64, 128},
                256,
                0, 0, new int[0],
                new int[] {32, 64, 128, 256, 256}, false,
                new int[] {8, 16, 32, 64},
                true, true, 8f, 4, WARP, new int[] {48, 32, 24}, 32, BICUBIC, BLEND_SHARPNESS, EXPRESSION_HOLES,
                SERVED_TRUST_BIAS);
    }

    public static ModelConfig paper256() {
        return new ModelConfig("paper-256", 256, 512, 256,
                new int[] {64, 128, 256, 512, 512},
                new int[] {32, 64, 128, 256, 256},
                768,
                512, 2, new int[] {512, 512, 512, 256, 128, 64},
                new int[] {64, 128, 256, 512, 512, 512}, false,
                new int[] {16, 32, 64, 128},
                true, true, 1f, 4, ADAIN, null, 0, null, 0f, 0, 0f);
    }

    public static ModelConfig defaults() {
        return cpu128();
    }

    public static List<String> names() {
        return List.of("cpu-128", "warp-128", "paper-256");
    }

    public static ModelConfig byName(String name) {
        return switch (name) {
            case "cpu-128" -> cpu128();
            case "warp-128" -> warp128();
            case "paper-256" -> paper256();
            default -> throw new IllegalArgumentException("unknown model config '" + name + "', known: " + names());
        };
    }

    /**
     * The pose embedding's factor in the MLP input. The identity embedding is a mean of large
     * encoder features (|identity| ≈ 50 over 256 values in the 10,000-step cpu-128) where the
     * deliberately small pose encoder gives |pose| ≈ 3.4 over 64: concatenated as they are, a pose
     * change moved the AdaIN parameters 50 times less than an identity change, and the generator
     * learnt to draw the identity's mean pose. A gain of 8 puts both on the same per-value scale.
     * Configs written before the field existed read it as 0 and mean 1, so their weights behave
     * exactly as they were trained.
     */
    public float effectivePoseGain() {
        return poseGain > 0 ? poseGain : 1f;
    }

    /**
     * The factor on the blend's logits. A soft blend of sources whose warps differ by a pixel or two
     * averages every eye and mouth into a blur: the 25,600-step warp-128 weights, blending two
     * sources, scored sharpness 0.47 at 1, 0.62 at 4, 0.75 at 20 (PSNR 20.71 → 20.53 dB). Configs
     * written before the field existed read it as 0 and mean 1, so their weights behave exactly as
     * they were trained.
     */
    public float effectiveBlendSharpness() {
        return blendSharpness > 0 ? blendSharpness : 1f;
    }

    /** Whether frames are made by warping the avatar's own frames rather than by the AdaIN generator. */
    public boolean warps() {
        return WARP.equals(renderer);
    }

    /** Whether the warp renderer resamples the avatar's frames with the cubic kernel (sharper than bilinear). */
    public boolean samplesBicubic() {
        return BICUBIC.equals(warpSampling);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ModelConfig fromJson(String json) {
        return GSON.fromJson(json, ModelConfig.class);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && toJson().equals(c.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return name + "{image " + imageSize + ", identity " + identityDim + ", pose " + poseDim
                + (warps() ? ", warp " + Arrays.toString(flowWidths) + ", refiner " + refinerWidth
                        : ", generator " + generatorConst + "→" + Arrays.toString(generatorWidths)) + "}";
    }
}
