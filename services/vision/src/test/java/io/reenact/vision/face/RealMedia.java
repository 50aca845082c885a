package io.reenact.vision.face;

import io.reenact.model.RgbImage;
import io.reenact.vision.Assets;
import io.reenact.vision.MediaFrames;
import java.util.Arrays;
import java.util.List;

/** The real test media, decoded once per test JVM. */
final class RealMedia {

    private static List<RgbImage> megamind;

    private RealMedia() {
    }

    static synchronized List<RgbImage> megamind() {
        if (megamind == null) {
            megamind = MediaFrames.readVideo(Assets.require(Assets.MEGAMIND), Integer.MAX_VALUE);
        }
        return megamind;
    }

    static RgbImage astronaut() {
        return MediaFrames.readImage(Assets.require(Assets.ASTRONAUT));
    }

    static RgbImage grey(int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        Arrays.fill(pixels, (byte) 128);
        return new RgbImage(width, height, pixels);
    }
}
