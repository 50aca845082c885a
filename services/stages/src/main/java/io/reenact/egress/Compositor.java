package io.reenact.egress;

import io.reenact.ingest.SquareCrop;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

import java.util.Objects;

/**
 * Paste-back: the reenacted foreground laid over a background using the generator's own mask,
 * {@code out = a * fg + (1 - a) * bg}. The background is the driver's frame (the avatar appears in
 * the driver's room), a solid colour (keying for broadcast tools) or a chosen image.
 */
public final class Compositor {

    private final Background background;

    private Compositor(Background background) {
        this.background = background;
    }

    /** Over the driver frame the reenacted frame was made from. */
    public static Compositor overDriver() {
        return new Compositor(new Background(null, null));
    }

    public static Compositor overColour(int r, int g, int b) {
        return new Compositor(new Background(new int[] {r & 0xff, g & 0xff, b & 0xff}, null));
    }

    /** Over {@code image}, centre-cropped and resized to the frame size on first use. */
    public static Compositor overImage(RgbImage image) {
        return new Compositor(new Background(null, Objects.requireNonNull(image)));
    }

    /**
     * @param foreground the generated RGB (its background is ignored where the mask is 0)
     * @param mask the generated mask, same size as {@code foreground}
     * @param driver the driver frame; used only by {@link #overDriver()}, resized when its size differs
     */
    public RgbImage composite(RgbImage foreground, Mask mask, RgbImage driver) {
        int w = foreground.width();
        int h = foreground.height();
        if (mask.width() != w || mask.height() != h) {
            throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height()
                    + " does not match image " + w + "x" + h);
        }
        byte[] fg = foreground.pixels();
        byte[] alpha = mask.alpha();
        byte[] out = new byte[fg.length];
        byte[] bg = background.pixels(w, h, driver);
        int[] colour = background.colour;
        for (int i = 0, p = 0; i < alpha.length; i++, p += 3) {
            int a = alpha[i] & 0xff;
            for (int c = 0; c < 3; c++) {
                int f = fg[p + c] & 0xff;
                int b = bg != null ? bg[p + c] & 0xff : colour[c];
                out[p + c] = (byte) ((a * f + (255 - a) * b + 127) / 255);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static final class Background {
        final int[] colour;
        final RgbImage image;
        private RgbImage fitted;

        Background(int[] colour, RgbImage image) {
            this.colour = colour;
            this.image = image;
        }

        byte[] pixels(int w, int h, RgbImage driver) {
            if (colour != null) {
                return null;
            }
            RgbImage source = image != null ? image : Objects.requireNonNull(driver, "paste-back over the driver needs the driver frame");
            if (source.width() == w && source.height() == h) {
                return source.pixels();
            }
            if (w != h) {
                throw new IllegalArgumentException("only square frames are resized for paste-back: " + w + "x" + h);
            }
            if (image != null) {
                if (fitted == null || fitted.width() != w) {
                    fitted = new SquareCrop(w).apply(image);
                }
                return fitted.pixels();
            }
            return new SquareCrop(w).apply(source).pixels();
        }
    }
}
