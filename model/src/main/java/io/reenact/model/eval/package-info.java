/**
 * Evaluation on held-out synthetic identities with exact ground truth: {@link io.reenact.model.eval.Evaluation},
 * command line {@link io.reenact.model.eval.EvalMain}, masked metrics in {@link io.reenact.model.eval.ImageMetrics}.
 */
package io.reenact.model.eval;
