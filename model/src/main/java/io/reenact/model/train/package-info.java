/**
 * Training of the latent-pose model ({@link io.reenact.model.train.Trainer}, options in
 * {@link io.reenact.model.train.TrainConfig}, command line {@link io.reenact.model.train.TrainMain}) and of the
 * segmenter ({@link io.reenact.model.train.SegmenterTrainer}): Adam per parameter group, EMA of the G side,
 * resumable checkpoints, loss CSV and curves, export of the inference checkpoint.
 */
package io.reenact.model.train;
