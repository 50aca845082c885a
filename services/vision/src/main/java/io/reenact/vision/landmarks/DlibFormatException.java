package io.reenact.vision.landmarks;

import java.io.IOException;

/** A model file that is not an intact dlib {@code shape_predictor}: truncated, corrupt or foreign. */
public final class DlibFormatException extends IOException {

    public DlibFormatException(String message) {
        super(message);
    }
}
