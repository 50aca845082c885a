package io.reenact.model.eval;

import io.reenact.model.WarpSources;
import io.reenact.model.data.Split;
import io.reenact.model.finetune.FineTuner;

import java.nio.file.Path;

/**
 * Options of an evaluation run.
 *
 * @param checkpoint    exported checkpoint directory (config.json + model.weights) or a run directory
 * @param out           where eval.md and eval-grid.png go
 * @param seed          seed of the synthetic-head population (must be the one training used, so the
 *                      TEST split is disjoint from the identities it saw)
 * @param identities    held-out TEST identities used as avatars (each also drives the others)
 * @param frames        driver frames per (avatar, driver) pair
 * @param drivers       other identities driving each avatar in the cross-driving part
 * @param k             identity frames per avatar
 * @param finetuneSteps per-avatar fine-tuning steps before driving (0: the paper's few-shot setting
 *                      without fine-tuning)
 * @param finetuneLr    learning rate of that fine-tuning
 * @param finetuneEma   EMA decay of that fine-tuning (0: none)
 * @param json          where the fixed-key figures go as JSON, or null
 * @param people        whose heads are scored: TEST (held out, the default) or TRAIN (people training
 *                      saw, in videos it never saw), which tells a model that fits nobody from one that
 *                      fits its training people and fails on new ones
 */
public record EvalConfig(Path checkpoint, Path out, long seed, int identities, int frames, int drivers, int k,
                         int finetuneSteps, float finetuneLr, float finetuneEma, Path json, Split people) {

    public EvalConfig {
        if (identities < 2 || frames < 1 || drivers < 1 || k < 1 || finetuneSteps < 0 || !(finetuneLr > 0)) {
            throw new IllegalArgumentException("need identities ≥ 2, frames ≥ 1, drivers ≥ 1, k ≥ 1");
        }
        drivers = Math.min(drivers, identities - 1);
        people = people == null ? Split.TEST : people;
    }

    public static EvalConfig defaults(Path checkpoint, Path out) {
        return new EvalConfig(checkpoint, out, 1L, 10, 8, 3, WarpSources.ENROLLED, 0, FineTuner.Config.defaults().learningRate(),
                FineTuner.Config.defaults().emaDecay(), null, Split.TEST);
    }
}
