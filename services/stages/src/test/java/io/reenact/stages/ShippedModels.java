package io.reenact.stages;

/**
 * The shipped network (or, until trained weights ship, the seeded untrained one), loaded once per
 * test JVM: every stage test runs the real network.
 */
public final class ShippedModels {

    private static ReenactorModels models;

    private ShippedModels() {
    }

    public static synchronized ReenactorModels models() {
        if (models == null) {
            models = ReenactorModels.shipped();
        }
        return models;
    }

    public static ReenactorModels segmenter() {
        return models();
    }

    public static ReenactorModels pose() {
        return models();
    }
}
