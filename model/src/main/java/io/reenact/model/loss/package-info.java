/**
 * The training losses of the latent-pose model, one class per term: {@link io.reenact.model.loss.ReconstructionLoss}
 * (multi-scale L1 + SSIM, the substitute for the paper's pretrained VGG19/VGGFace perceptual losses),
 * {@link io.reenact.model.loss.DiceLoss}, {@link io.reenact.model.loss.HingeLoss},
 * {@link io.reenact.model.loss.FeatureMatchingLoss}, {@link io.reenact.model.loss.EmbeddingMatchLoss}, and
 * {@link io.reenact.model.loss.SegmentationLoss} for the stand-alone segmenter.
 */
package io.reenact.model.loss;
