/** Per-person fine-tuning as in the paper: {@link io.reenact.model.finetune.FineTuner}, command line {@link io.reenact.model.finetune.FineTuneMain}. */
package io.reenact.model.finetune;
