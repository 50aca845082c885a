package io.reenact.vision.eval;

import io.reenact.model.eval.EvalConfig;
import io.reenact.model.eval.LandmarkReader;
import io.reenact.vision.Assets;
import io.reenact.vision.landmarks.DlibShapePredictor;

/**
 * {@code eval}: the model module's evaluation, with expression following read by dlib's 68
 * landmarks when {@code assets/fetch.sh} has brought them (otherwise it says so and leaves those
 * figures out).
 */
public final class EvalMain {

    private EvalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--help")) {
            System.out.print(io.reenact.model.eval.EvalMain.USAGE);
            return;
        }
        EvalConfig config = io.reenact.model.eval.EvalMain.parse(args);
        LandmarkReader reader = null;
        if (Assets.has(Assets.DLIB_LANDMARKS)) {
            DlibShapePredictor dlib = DlibShapePredictor.shared();
            reader = (image, placement) -> dlib.predict(image, dlib.boxFor(placement));
        } else {
            System.err.println("eval: dlib's landmarks are missing (run assets/fetch.sh): expression following is not measured");
        }
        io.reenact.model.eval.EvalMain.run(config, reader);
    }
}
