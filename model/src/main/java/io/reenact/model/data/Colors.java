package io.reenact.model.data;

/** Colour helpers for the renderer: packed 0xRRGGBB ↔ linear-ish float triples. */
final class Colors {

    private Colors() {
    }

    static float[] hsv(float h, float s, float v) {
        float hh = (h - (float) Math.floor(h)) * 6f;
        int i = (int) hh;
        float f = hh - i;
        float p = v * (1 - s);
        float q = v * (1 - s * f);
        float t = v * (1 - s * (1 - f));
        switch (i) {
            case 0: return new float[] {v, t, p};
            case 1: return new float[] {q, v, p};
            case 2: return new float[] {p, v, t};
            case 3: return new float[] {p, q, v};
            case 4: return new float[] {t, p, v};
            default: return new float[] {v, p, q};
        }
    }

    static int pack(float[] rgb) {
        return (to8(rgb[0]) << 16) | (to8(rgb[1]) << 8) | to8(rgb[2]);
    }

    static int pack(double r, double g, double b) {
        return (to8(r) << 16) | (to8(g) << 8) | to8(b);
    }

    static float[] unpack(int rgb) {
        return new float[] {((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f};
    }

    static int to8(double v) {
        return v <= 0 ? 0 : (v >= 1 ? 255 : (int) Math.round(v * 255));
    }
}
