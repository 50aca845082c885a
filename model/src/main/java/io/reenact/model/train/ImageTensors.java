package io.reenact.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/** Conversions between the project's byte images and the networks' float (C, H, W) layout in [0, 1]. */
public final class ImageTensors {

    private static final float SCALE = 1f / 255f;

    private ImageTensors() {
    }

    /** Writes an image as planar CHW floats in [0, 1] into {@code dst} at {@code offset}. */
    public static void putChw(RgbImage img, float[] dst, int offset) {
        byte[] p = img.pixels();
        int plane = img.width() * img.height();
        for (int i = 0; i < plane; i++) {
            dst[offset + i] = (p[i * 3] & 0xff) * SCALE;
            dst[offset + plane + i] = (p[i * 3 + 1] & 0xff) * SCALE;
            dst[offset + 2 * plane + i] = (p[i * 3 + 2] & 0xff) * SCALE;
        }
    }

    public static void putMask(Mask mask, float[] dst, int offset) {
        byte[] a = mask.alpha();
        for (int i = 0; i < a.length; i++) {
            dst[offset + i] = (a[i] & 0xff) * SCALE;
        }
    }

    /** (N, 3, S, S) tensor of the given images. */
    public static NDArray images(NDManager m, java.util.List<RgbImage> images) {
        RgbImage first = images.get(0);
        int plane = first.width() * first.height();
        float[] data = new float[images.size() * 3 * plane];
        for (int i = 0; i < images.size(); i++) {
            putChw(images.get(i), data, i * 3 * plane);
        }
        return m.create(data, new Shape(images.size(), 3, first.height(), first.width()));
    }

    /** (N, 1, S, S) tensor of the given masks. */
    public static NDArray masks(NDManager m, java.util.List<Mask> masks) {
        Mask first = masks.get(0);
        int plane = first.width() * first.height();
        float[] data = new float[masks.size() * plane];
        for (int i = 0; i < masks.size(); i++) {
            putMask(masks.get(i), data, i * plane);
        }
        return m.create(data, new Shape(masks.size(), 1, first.height(), first.width()));
    }

    /** Image {@code index} of a (N, 3, H, W) tensor, clipped to [0, 1], as bytes. */
    public static RgbImage toImage(NDArray chw, int index) {
        Shape s = chw.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int plane = w * h;
        float[] all = chw.get(index).toFloatArray();
        byte[] p = new byte[plane * 3];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                p[i * 3 + c] = (byte) Math.round(Math.max(0f, Math.min(1f, all[c * plane + i])) * 255f);
            }
        }
        return new RgbImage(w, h, p);
    }

    /** Mask {@code index} of a (N, 1, H, W) tensor in [0, 1], as bytes. */
    public static Mask toMask(NDArray m, int index) {
        Shape s = m.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] all = m.get(index).toFloatArray();
        byte[] a = new byte[w * h];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) Math.round(Math.max(0f, Math.min(1f, all[i])) * 255f);
        }
        return new Mask(w, h, a);
    }
}
