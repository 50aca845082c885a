package io.reenact.stages;

import io.reenact.model.Reenactor;

/**
 * A shipped network, loaded once per test JVM: every stage test runs a real network. The stage
 * tests pin the AdaIN {@code cpu-128}: they test the topologies' plumbing; the warping renderer's
 * path through enrolment, fine-tuning and rendering has its own tests ({@code WarpSourcesEnrolmentTest}).
 */
public final class ShippedModels {

    private static ReenactorModels models;

    private ShippedModels() {
    }

    public static synchronized ReenactorModels models() {
        if (models == null) {
            models = new ReenactorModels(Reenactor.loadShipped("cpu-128"));
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
