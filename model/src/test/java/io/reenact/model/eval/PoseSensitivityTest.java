package io.reenact.model.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.train.TinyModel;
import org.junit.jupiter.api.Test;

class PoseSensitivityTest {

    @Test
    void aLouderPoseMovesTheAdaInParametersMore() {
        ModelConfig quiet = TinyModel.config();
        ModelConfig loud = ModelConfig.fromJson(quiet.toJson().replaceAll("\"poseGain\":\\s*[0-9.]+", "\"poseGain\": 50.0"));
        HeldOutPopulation population = new HeldOutPopulation(1L, 3);
        try (NDManager root = NDManager.newBaseManager();
             LatentPoseModel a = LatentPoseModel.create(quiet, root, 0, 5);
             LatentPoseModel b = LatentPoseModel.create(loud, root, 0, 5)) {
            b.copyFrom(a, LatentPoseModel.Part.IDENTITY_ENCODER, LatentPoseModel.Part.POSE_ENCODER,
                    LatentPoseModel.Part.MLP, LatentPoseModel.Part.GENERATOR);
            PoseSensitivity q = PoseSensitivity.measure(a, population, 2, 3, 32, root);
            PoseSensitivity l = PoseSensitivity.measure(b, population, 2, 3, 32, root);
            assertTrue(q.identitySpread() > 0 && q.poseSpread() > 0, q.toString());
            assertTrue(l.poseSpread() > 3 * q.poseSpread(), "gain 50 against 1: " + q + " / " + l);
            assertTrue(Math.abs(q.poseNorm() - l.poseNorm()) < 1e-3, "same encoders, same embeddings");
        }
    }
}
