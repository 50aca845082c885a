package io.reenact.model.data;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * Renders a posed synthetic head: an orthographic ray cast per pixel against the head's ellipsoids
 * (see {@link HeadScene}), features painted on the face surface, Lambert shading. Pixels on a
 * boundary between skin, hair, shirt and background are found after a first pass and re-sampled
 * 2×2, so silhouettes are anti-aliased at a fraction of full supersampling's cost; the mask is the
 * exact coverage used for compositing.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeadRenderer {

    public RenderedFrame render(HeadIdentity identity, HeadPose pose, Background background, int size) {
        if (size < 8) {
            throw new IllegalArgumentException("size must be at least 8: " + size);
        }
        HeadScene scene = new HeadScene(identity, pose, size);
        byte[] bg = background.raster(size);
        int n = size * size;
        byte[] pixels = new byte[n * 3];
        byte[] alpha = new byte[n];
        byte[] ids = new byte[n];
        double[] rgb = new double[3];
        double[] tBest = new double[size];
        byte[] idBest = new byte[size];
        double[] jawT = new double[size];
        boolean[] inside = new boolean[size];
        for (int y = 0; y < size; y++) {
            scene.row(y + 0.5);
            scene.hitRow(size, tBest, idBest, jawT, inside);
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int o = i * 3;
                int m = idBest[x];
                if (m != 0) {
                    scene.shade(x + 0.5, m, tBest[x], jawT[x], inside[x], rgb);
                }
                ids[i] = HeadScene.surfaceClass(m);
                if (m != 0) {
                    pixels[o] = (byte) Colors.to8(rgb[0]);
                    pixels[o + 1] = (byte) Colors.to8(rgb[1]);
                    pixels[o + 2] = (byte) Colors.to8(rgb[2]);
                    alpha[i] = (byte) 255;
                } else {
                    pixels[o] = bg[o];
                    pixels[o + 1] = bg[o + 1];
                    pixels[o + 2] = bg[o + 2];
                }
            }
        }
        antiAlias(scene, size, bg, ids, pixels, alpha);
        return new RenderedFrame(new RgbImage(size, size, pixels), new Mask(size, size, alpha), scene.landmarks());
    }

    /**
     * Re-samples with 2×2 rays every pixel whose surface class (background, skin, hair, shirt)
     * differs from a 4-neighbour's; seams inside the skin (nose, ears, jaw) shade continuously and
     * are not worth the rays.
     */
    private static void antiAlias(HeadScene scene, int size, byte[] bg, byte[] ids, byte[] pixels, byte[] alpha) {
        int[] edges = new int[size];
        double[] acc = new double[size * 3];
        int[] covered = new int[size];
        double[] rgb = new double[3];
        for (int y = 0; y < size; y++) {
            int count = 0;
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int m = ids[i];
                if ((x + 1 < size && ids[i + 1] != m) || (x > 0 && ids[i - 1] != m)
                        || (y + 1 < size && ids[i + size] != m) || (y > 0 && ids[i - size] != m)) {
                    edges[count++] = x;
                }
            }
            if (count == 0) {
                continue;
            }
            java.util.Arrays.fill(acc, 0, count * 3, 0);
            java.util.Arrays.fill(covered, 0, count, 0);
            for (int sub = 0; sub < 2; sub++) {
                scene.row(y + 0.25 + 0.5 * sub);
                for (int e = 0; e < count; e++) {
                    int x = edges[e];
                    int o = (y * size + x) * 3;
                    for (int sx = 0; sx < 2; sx++) {
                        if (scene.sample(x + 0.25 + 0.5 * sx, rgb) != 0) {
                            covered[e]++;
                            acc[e * 3] += rgb[0];
                            acc[e * 3 + 1] += rgb[1];
                            acc[e * 3 + 2] += rgb[2];
                        } else {
                            acc[e * 3] += (bg[o] & 0xff) / 255.0;
                            acc[e * 3 + 1] += (bg[o + 1] & 0xff) / 255.0;
                            acc[e * 3 + 2] += (bg[o + 2] & 0xff) / 255.0;
                        }
                    }
                }
            }
            for (int e = 0; e < count; e++) {
                int i = y * size + edges[e];
                int o = i * 3;
                pixels[o] = (byte) Colors.to8(acc[e * 3] / 4);
                pixels[o + 1] = (byte) Colors.to8(acc[e * 3 + 1] / 4);
                pixels[o + 2] = (byte) Colors.to8(acc[e * 3 + 2] / 4);
                alpha[i] = (byte) (covered[e] * 255 / 4);
            }
        }
    }
}
