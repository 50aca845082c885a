package io.reenact.model;

/** Conversions between 8-bit images and the networks' float CHW layout, with resizing. */
final class Pixels {

    private Pixels() {
    }

    /** Bilinear resize (pixel centres aligned); returns the input when the size already fits. */
    static RgbImage resize(RgbImage src, int size) {
        if (src.width() == size && src.height() == size) {
            return src;
        }
        byte[] out = new byte[size * size * 3];
        float sx = (float) src.width() / size;
        float sy = (float) src.height() / size;
        for (int y = 0; y < size; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, src.height() - 1);
            int y1 = Math.min(y0 + 1, src.height() - 1);
            float wy = fy - y0;
            for (int x = 0; x < size; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, src.width() - 1);
                int x1 = Math.min(x0 + 1, src.width() - 1);
                float wx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    float top = src.get(x0, y0, c) * (1 - wx) + src.get(x1, y0, c) * wx;
                    float bottom = src.get(x0, y1, c) * (1 - wx) + src.get(x1, y1, c) * wx;
                    out[(y * size + x) * 3 + c] = (byte) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new RgbImage(size, size, out);
    }

    /** Writes the image as planar floats in [0, 1] into {@code dst} at {@code offset}. */
    static void toChw(RgbImage img, float[] dst, int offset) {
        int plane = img.width() * img.height();
        byte[] p = img.pixels();
        for (int i = 0; i < plane; i++) {
            dst[offset + i] = (p[i * 3] & 0xff) / 255f;
            dst[offset + plane + i] = (p[i * 3 + 1] & 0xff) / 255f;
            dst[offset + 2 * plane + i] = (p[i * 3 + 2] & 0xff) / 255f;
        }
    }

    /** Planar floats (values nominally in [0, 1], clamped) → 8-bit RGB. */
    static RgbImage fromChw(float[] src, int offset, int size) {
        int plane = size * size;
        byte[] out = new byte[plane * 3];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = toByte(src[offset + c * plane + i]);
            }
        }
        return new RgbImage(size, size, out);
    }

    static Mask maskFrom(float[] src, int offset, int size) {
        byte[] out = new byte[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = toByte(src[offset + i]);
        }
        return new Mask(size, size, out);
    }

    static byte toByte(float v) {
        float c = v < 0f ? 0f : Math.min(v, 1f);
        // c ≥ 0 (or NaN, which casts to 0), so truncating c · 255 + ½ rounds it: a served frame
        // converts 115,000 values, and Math.round costs several times this in the demo's C1-compiled code
        return (byte) (int) (c * 255f + 0.5f);
    }
}
