package io.reenact.egress;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;
import io.reenact.stages.ImageCodecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Paste-back: the reenacted foreground laid over a background using the generator's own mask,
 * {@code out = a * fg + (1 - a) * bg}. The background is the driver's frame (the avatar appears in
 * the driver's room), a solid colour (keying for broadcast tools) or a chosen image.
 *
 * <p>Thread-safe: one compositor serves every stream of the process.
 */
public final class Compositor {

    private final int[] colour;
    private final RgbImage image;
    /** {@link #image} fitted to the last frame size asked for; replaced whole, never mutated. */
    private volatile RgbImage fitted;

    private Compositor(int[] colour, RgbImage image) {
        this.colour = colour;
        this.image = image;
    }

    /** Over the driver frame the reenacted frame was made from. */
    public static Compositor overDriver() {
        return new Compositor(null, null);
    }

    public static Compositor overColour(int r, int g, int b) {
        return new Compositor(new int[] {r & 0xff, g & 0xff, b & 0xff}, null);
    }

    /** Over {@code image}, scaled to cover the frame and centre-cropped (its aspect ratio kept). */
    public static Compositor overImage(RgbImage image) {
        return new Compositor(null, Objects.requireNonNull(image, "background image"));
    }

    /**
     * The background named in configuration: {@code driver}, {@code colour:#RRGGBB} (or
     * {@code color:}), {@code image:PATH} (PNG or JPEG), or {@code none} for the generator's frame as
     * it is, which answers null.
     */
    public static Compositor parse(String spec) {
        String s = Objects.requireNonNull(spec, "background").trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("none")) {
            return null;
        }
        if (lower.equals("driver")) {
            return overDriver();
        }
        if (lower.startsWith("colour:") || lower.startsWith("color:")) {
            String hex = s.substring(s.indexOf(':') + 1).trim();
            if (hex.startsWith("#")) {
                hex = hex.substring(1);
            }
            if (!hex.matches("[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("background colour must be #RRGGBB, got '" + s + "'");
            }
            int rgb = Integer.parseInt(hex, 16);
            return overColour(rgb >> 16, rgb >> 8, rgb);
        }
        if (lower.startsWith("image:")) {
            Path file = Path.of(s.substring("image:".length()).trim());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("background image " + file.toAbsolutePath() + " does not exist");
            }
            try {
                return overImage(ImageCodecs.decodeRgb(Files.readAllBytes(file), "background image " + file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read background image " + file, e);
            }
        }
        throw new IllegalArgumentException("unknown background '" + s
                + "': use none, driver, colour:#RRGGBB or image:PATH");
    }

    /** True when {@link #composite} needs the driver frame (paste-back over the driver). */
    public boolean needsDriver() {
        return colour == null && image == null;
    }

    /**
     * @param foreground the generated RGB (its background is ignored where the mask is 0)
     * @param mask the generated mask, same size as {@code foreground}
     * @param driver the driver frame; used only by {@link #overDriver()}, scaled when its size differs
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
        byte[] bg = colour != null ? null : background(w, h, driver).pixels();
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

    private RgbImage background(int w, int h, RgbImage driver) {
        if (image == null) {
            return cover(Objects.requireNonNull(driver, "paste-back over the driver needs the driver frame"), w, h);
        }
        RgbImage f = fitted;
        if (f == null || f.width() != w || f.height() != h) {
            f = cover(image, w, h);
            fitted = f;
        }
        return f;
    }

    /**
     * {@code source} scaled so that it covers {@code w x h}, centre-cropped, by area averaging
     * (backgrounds are usually far larger than the frame; averaging keeps them free of aliasing).
     */
    static RgbImage cover(RgbImage source, int w, int h) {
        int sw = source.width();
        int sh = source.height();
        if (sw == w && sh == h) {
            return source;
        }
        double scale = Math.min((double) sw / w, (double) sh / h);
        double x0 = (sw - w * scale) / 2;
        double y0 = (sh - h * scale) / 2;
        byte[] src = source.pixels();
        byte[] out = new byte[w * h * 3];
        // the source columns of each output column are the same on every row: work them out once
        int[] xs0 = new int[w];
        int[] xs1 = new int[w];
        for (int ox = 0; ox < w; ox++) {
            xs0[ox] = Math.min(sw - 1, (int) Math.floor(x0 + ox * scale));
            xs1[ox] = Math.min(sw, Math.max(xs0[ox] + 1, (int) Math.floor(x0 + (ox + 1) * scale)));
        }
        for (int oy = 0; oy < h; oy++) {
            int sy0 = Math.min(sh - 1, (int) Math.floor(y0 + oy * scale));
            int sy1 = Math.min(sh, Math.max(sy0 + 1, (int) Math.floor(y0 + (oy + 1) * scale)));
            for (int ox = 0; ox < w; ox++) {
                int sx0 = xs0[ox];
                int sx1 = xs1[ox];
                int r = 0, g = 0, b = 0, n = 0;
                for (int sy = sy0; sy < sy1; sy++) {
                    for (int sx = sx0, p = (sy * sw + sx0) * 3; sx < sx1; sx++, p += 3) {
                        r += src[p] & 0xff;
                        g += src[p + 1] & 0xff;
                        b += src[p + 2] & 0xff;
                        n++;
                    }
                }
                int o = (oy * w + ox) * 3;
                out[o] = (byte) ((r + n / 2) / n);
                out[o + 1] = (byte) ((g + n / 2) / n);
                out[o + 2] = (byte) ((b + n / 2) / n);
            }
        }
        return new RgbImage(w, h, out);
    }
}
