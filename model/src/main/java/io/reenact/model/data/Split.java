package io.reenact.model.data;

/**
 * Which part of the synthetic population an identity belongs to.
 *
 * <p>{@link SyntheticHeads#identity(Split, int)} derives each identity's seed from a bijective mix of
 * (generator seed, split, index), so two different (split, index) pairs never share a seed: training,
 * validation and test people are disjoint by construction, not by luck.
 */
public enum Split {
    TRAIN, VALIDATION, TEST
}
