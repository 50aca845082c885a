package io.reenact.model.augment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The paper's pixel-level pose augmentations (after the imgaug pipeline in the reference code):
 * each changes colour, texture or sharpness but never where things are, so the pose survives while
 * identity cues such as skin colour and texture are disturbed. Parameter ranges follow the paper.
 */
final class PixelAugmenter {

    /** The operations one of which may be drawn per slot; blur is one slot with three kinds. */
    enum Op { BLUR, SHARPEN, EMBOSS, EDGES, NOISE, ADD, SATURATION, JPEG, MULTIPLY, CONTRAST }

    private PixelAugmenter() {
    }

    /** Applies 0..maxOps distinct operations in random order, then an elastic warp with probability p. */
    static FloatImage apply(FloatImage img, Random rng, int maxOps, double elasticProbability) {
        List<Op> ops = new ArrayList<>(List.of(Op.values()));
        Collections.shuffle(ops, rng);
        int n = rng.nextInt(maxOps + 1);
        for (int i = 0; i < n; i++) {
            img = apply(ops.get(i), img, rng);
        }
        if (rng.nextDouble() < elasticProbability) {
            img = elastic(img, rng);
        }
        return img;
    }

    static FloatImage apply(Op op, FloatImage img, Random rng) {
        return switch (op) {
            case BLUR -> switch (rng.nextInt(3)) {
                case 0 -> gaussianBlur(img, uniform(rng, 0.3, 1.0));
                case 1 -> boxBlur(img, 2 + rng.nextInt(2));
                default -> medianBlur3(img);
            };
            case SHARPEN -> sharpen(img, uniform(rng, 0.2, 1.0));
            case EMBOSS -> emboss(img, uniform(rng, 0.2, 0.8), uniform(rng, 0.5, 1.5));
            case EDGES -> edgeOverlay(img, uniform(rng, 0.05, 0.3));
            case NOISE -> noise(img, rng, uniform(rng, 0.0, 0.05 * 255));
            case ADD -> affine(img, 1f, (float) uniform(rng, -10, 10));
            case SATURATION -> saturation(img, (float) uniform(rng, -20, 20));
            case JPEG -> jpeg(img, 70 + rng.nextInt(30));
            case MULTIPLY -> affine(img, (float) uniform(rng, 0.5, 1.5), 0f);
            case CONTRAST -> rng.nextBoolean()
                    ? linearContrast(img, (float) uniform(rng, 0.75, 1.25))
                    : sigmoidContrast(img, (float) uniform(rng, 5, 10), (float) uniform(rng, 0.4, 0.6));
        };
    }

    static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static FloatImage gaussianBlur(FloatImage img, double sigma) {
        int r = Math.max(1, (int) Math.ceil(2 * sigma));
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return separable(img, k, r);
    }

    static FloatImage boxBlur(FloatImage img, int size) {
        float[] k = new float[size];
        java.util.Arrays.fill(k, 1f / size);
        return separable(img, k, size / 2);
    }

    /** Separable convolution; kernel tap i samples offset i - origin, edges clamped. */
    private static FloatImage separable(FloatImage img, float[] k, int origin) {
        int w = img.width;
        int h = img.height;
        float[] s = img.v;
        float[] tmp = new float[s.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a0 = 0, a1 = 0, a2 = 0;
                for (int i = 0; i < k.length; i++) {
                    int xx = Math.min(w - 1, Math.max(0, x + i - origin));
                    int si = (y * w + xx) * 3;
                    a0 += k[i] * s[si];
                    a1 += k[i] * s[si + 1];
                    a2 += k[i] * s[si + 2];
                }
                int oi = (y * w + x) * 3;
                tmp[oi] = a0;
                tmp[oi + 1] = a1;
                tmp[oi + 2] = a2;
            }
        }
        float[] out = new float[s.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float a0 = 0, a1 = 0, a2 = 0;
                for (int i = 0; i < k.length; i++) {
                    int yy = Math.min(h - 1, Math.max(0, y + i - origin));
                    int si = (yy * w + x) * 3;
                    a0 += k[i] * tmp[si];
                    a1 += k[i] * tmp[si + 1];
                    a2 += k[i] * tmp[si + 2];
                }
                int oi = (y * w + x) * 3;
                out[oi] = a0;
                out[oi + 1] = a1;
                out[oi + 2] = a2;
            }
        }
        return new FloatImage(w, h, out);
    }

    static FloatImage medianBlur3(FloatImage img) {
        int w = img.width;
        int h = img.height;
        float[] s = img.v;
        float[] out = new float[s.length];
        float[] win = new float[9];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            win[n++] = s[(yy * w + xx) * 3 + c];
                        }
                    }
                    java.util.Arrays.sort(win);
                    out[(y * w + x) * 3 + c] = win[4];
                }
            }
        }
        return new FloatImage(w, h, out);
    }

    /** 3×3 convolution, edges clamped, blended with the original by alpha. */
    private static FloatImage convolve3(FloatImage img, float[] k, float alpha) {
        int w = img.width;
        int h = img.height;
        float[] s = img.v;
        float[] out = new float[s.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int oi = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float acc = 0;
                    int t = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            acc += k[t++] * s[(yy * w + xx) * 3 + c];
                        }
                    }
                    out[oi + c] = s[oi + c] + alpha * (acc - s[oi + c]);
                }
            }
        }
        return new FloatImage(w, h, out);
    }

    static FloatImage sharpen(FloatImage img, double alpha) {
        float[] k = {0, -1, 0, -1, 5, -1, 0, -1, 0};
        return convolve3(img, k, (float) alpha);
    }

    static FloatImage emboss(FloatImage img, double alpha, double strength) {
        float s = (float) strength;
        float[] k = {-1 - s, -s, 0, -s, 1, s, 0, s, 1 + s};
        return convolve3(img, k, (float) alpha);
    }

    /** Blends a faint white-on-black Sobel edge map over the image. */
    static FloatImage edgeOverlay(FloatImage img, double alpha) {
        int w = img.width;
        int h = img.height;
        float[] s = img.v;
        float[] gray = new float[w * h];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 0.299f * s[i * 3] + 0.587f * s[i * 3 + 1] + 0.114f * s[i * 3 + 2];
        }
        float[] out = new float[s.length];
        float a = (float) alpha;
        for (int y = 0; y < h; y++) {
            int ym = Math.max(0, y - 1) * w;
            int y0 = y * w;
            int yp = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                int xm = Math.max(0, x - 1);
                int xp = Math.min(w - 1, x + 1);
                float gx = gray[ym + xp] + 2 * gray[y0 + xp] + gray[yp + xp]
                        - gray[ym + xm] - 2 * gray[y0 + xm] - gray[yp + xm];
                float gy = gray[yp + xm] + 2 * gray[yp + x] + gray[yp + xp]
                        - gray[ym + xm] - 2 * gray[ym + x] - gray[ym + xp];
                float e = Math.min(255f, (float) Math.sqrt(gx * gx + gy * gy));
                int oi = (y0 + x) * 3;
                for (int c = 0; c < 3; c++) {
                    out[oi + c] = s[oi + c] * (1 - a) + e * a;
                }
            }
        }
        return new FloatImage(w, h, out);
    }

    static FloatImage noise(FloatImage img, Random rng, double sigma) {
        float[] out = img.v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (rng.nextGaussian() * sigma);
        }
        return new FloatImage(img.width, img.height, out);
    }

    static FloatImage affine(FloatImage img, float gain, float offset) {
        float[] out = img.v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] * gain + offset;
        }
        return new FloatImage(img.width, img.height, out);
    }

    /** Adds delta to HSV saturation (0..255 scale) keeping hue and value. */
    static FloatImage saturation(FloatImage img, float delta) {
        float[] out = img.v.clone();
        for (int i = 0; i < out.length; i += 3) {
            float r = clamp(out[i]);
            float g = clamp(out[i + 1]);
            float b = clamp(out[i + 2]);
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            if (max <= 0f || max == min) {
                continue;
            }
            float sat = (max - min) / max * 255f;
            float target = Math.max(0f, Math.min(255f, sat + delta));
            float f = target / sat;
            out[i] = max - (max - r) * f;
            out[i + 1] = max - (max - g) * f;
            out[i + 2] = max - (max - b) * f;
        }
        return new FloatImage(img.width, img.height, out);
    }

    static FloatImage linearContrast(FloatImage img, float gain) {
        return affine(img, gain, 128f * (1 - gain));
    }

    static FloatImage sigmoidContrast(FloatImage img, float gain, float cutoff) {
        float[] out = img.v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = 255f / (1f + (float) Math.exp(gain * (cutoff - clamp(out[i]) / 255f)));
        }
        return new FloatImage(img.width, img.height, out);
    }

    /** Real JPEG round trip through ImageIO: blocking and ringing artefacts as a camera would give. */
    static FloatImage jpeg(FloatImage img, int quality) {
        int w = img.width;
        int h = img.height;
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((java.awt.image.DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            data[i * 3] = (byte) FloatImage.clampToByte(img.v[i * 3 + 2]);
            data[i * 3 + 1] = (byte) FloatImage.clampToByte(img.v[i * 3 + 1]);
            data[i * 3 + 2] = (byte) FloatImage.clampToByte(img.v[i * 3]);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(bi, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            float[] out = new float[img.v.length];
            int[] rgb = back.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < w * h; i++) {
                out[i * 3] = (rgb[i] >> 16) & 0xff;
                out[i * 3 + 1] = (rgb[i] >> 8) & 0xff;
                out[i * 3 + 2] = rgb[i] & 0xff;
            }
            return new FloatImage(w, h, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Elastic deformation: a smooth random displacement field (random offsets on a coarse 5×5 grid,
     * bilinearly interpolated) of up to ~2% of the image size. Local, so the head pose is kept.
     */
    static FloatImage elastic(FloatImage img, Random rng) {
        int w = img.width;
        int h = img.height;
        int g = 5;
        double amp = 0.02 * Math.max(w, h);
        double[] gx = new double[g * g];
        double[] gy = new double[g * g];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = rng.nextGaussian() * amp / 2;
            gy[i] = rng.nextGaussian() * amp / 2;
        }
        float[] s = img.v;
        float[] out = new float[s.length];
        for (int y = 0; y < h; y++) {
            double py = (double) y / Math.max(1, h - 1) * (g - 1);
            int j0 = Math.min(g - 2, (int) py);
            double ty = py - j0;
            for (int x = 0; x < w; x++) {
                double px = (double) x / Math.max(1, w - 1) * (g - 1);
                int i0 = Math.min(g - 2, (int) px);
                double tx = px - i0;
                double dx = bilerp(gx, g, i0, j0, tx, ty);
                double dy = bilerp(gy, g, i0, j0, tx, ty);
                double fx = x + dx;
                double fy = y + dy;
                int x0 = (int) Math.floor(fx);
                int y0 = (int) Math.floor(fy);
                float wx = (float) (fx - x0);
                float wy = (float) (fy - y0);
                int xa = FloatImage.reflect(x0, w);
                int xb = FloatImage.reflect(x0 + 1, w);
                int ya = FloatImage.reflect(y0, h) * w;
                int yb = FloatImage.reflect(y0 + 1, h) * w;
                int oi = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float top = s[(ya + xa) * 3 + c] + (s[(ya + xb) * 3 + c] - s[(ya + xa) * 3 + c]) * wx;
                    float bot = s[(yb + xa) * 3 + c] + (s[(yb + xb) * 3 + c] - s[(yb + xa) * 3 + c]) * wx;
                    out[oi + c] = top + (bot - top) * wy;
                }
            }
        }
        return new FloatImage(w, h, out);
    }

    private static double bilerp(double[] grid, int g, int i0, int j0, double tx, double ty) {
        double a = grid[j0 * g + i0];
        double b = grid[j0 * g + i0 + 1];
        double c = grid[(j0 + 1) * g + i0];
        double d = grid[(j0 + 1) * g + i0 + 1];
        return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }

    private static float clamp(float x) {
        return x < 0f ? 0f : (x > 255f ? 255f : x);
    }
}
