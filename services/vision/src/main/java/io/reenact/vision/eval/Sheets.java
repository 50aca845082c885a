package io.reenact.vision.eval;

import io.reenact.model.RgbImage;
import io.reenact.model.data.Landmarks68;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The pictures of a {@link PaperMetrics} run: frames with their landmarks, and the per-sample scatter. */
final class Sheets {

    /** 128² frames are upscaled so that the 68 dots can be told apart by eye. */
    private static final int ZOOM = 2;
    private static final int W = 720;
    private static final int H = 540;
    private static final int MARGIN = 64;

    private Sheets() {
    }

    static RgbImage withLandmarks(RgbImage image, float[] landmarks) {
        int w = image.width() * ZOOM;
        int h = image.height() * ZOOM;
        byte[] in = image.pixels();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(in, ((y / ZOOM) * image.width() + x / ZOOM) * 3, out, (y * w + x) * 3, 3);
            }
        }
        float[] scaled = new float[landmarks.length];
        for (int i = 0; i < landmarks.length; i++) {
            scaled[i] = landmarks[i] * ZOOM;
        }
        return Landmarks68.draw(new RgbImage(w, h, out), scaled);
    }

    /** Cross-driving samples: pose error (x) against identity error (y), model and keypoint baseline. */
    static void scatter(List<PaperMetrics.CrossSample> samples, Path png) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double xMax = niceMax(samples, x -> x.model().pose(), x -> x.keypoint().pose(), x -> x.placed().pose());
        double yMax = niceMax(samples, x -> x.model().identity(), x -> x.keypoint().identity(),
                x -> x.placed().identity(), PaperMetrics.CrossSample::shapeGap);
        int x0 = MARGIN, y0 = H - MARGIN, x1 = W - 24, y1 = 40;
        g.setColor(new Color(0xDDDDDD));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int gx = x0 + (x1 - x0) * i / 5;
            int gy = y0 - (y0 - y1) * i / 5;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(gx, y0, gx, y1);
            g.drawLine(x0, gy, x1, gy);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", xMax * i / 5), gx - 12, y0 + 18);
            g.drawString(String.format(Locale.ROOT, "%.2f", yMax * i / 5), x0 - 40, gy + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(x0, y0, x1, y0);
        g.drawLine(x0, y0, x0, y1);
        g.drawString("pose error: dlib NME of output vs dlib on A's ground truth (lower = pose followed)", x0, H - 20);
        g.rotate(-Math.PI / 2);
        g.drawString("identity error: shape-cue distance to A's ground truth", -y0, 18);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Cross-driving on held-out synthetic identities, one point per output", x0, 24);
        Color model = new Color(0x1F77B4);
        Color keypoint = new Color(0xE6550D);
        Color placed = new Color(0x31A354);
        for (PaperMetrics.CrossSample s : samples) {
            dot(g, keypoint, x0, y0, x1, y1, s.keypoint().pose() / xMax, s.keypoint().identity() / yMax, false);
            dot(g, placed, x0, y0, x1, y1, s.placed().pose() / xMax, s.placed().identity() / yMax, false);
            dot(g, model, x0, y0, x1, y1, s.model().pose() / xMax, s.model().identity() / yMax, true);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        legend(g, model, true, "latent-pose model", x1 - 230, y1 + 20);
        legend(g, keypoint, false, "keypoint baseline (warp)", x1 - 230, y1 + 40);
        legend(g, placed, false, "keypoint baseline at driver's head", x1 - 230, y1 + 60);
        g.setColor(Color.GRAY);
        g.drawString(String.format(Locale.ROOT, "A-to-B shape distance: mean %.3f",
                samples.stream().mapToDouble(PaperMetrics.CrossSample::shapeGap).filter(Double::isFinite)
                        .average().orElse(Double.NaN)), x1 - 230, y1 + 80);
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    @SafeVarargs
    private static double niceMax(List<PaperMetrics.CrossSample> samples,
                                  ToDoubleFunction<PaperMetrics.CrossSample>... columns) {
        double max = 0;
        for (PaperMetrics.CrossSample s : samples) {
            for (ToDoubleFunction<PaperMetrics.CrossSample> c : columns) {
                double v = c.applyAsDouble(s);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            return 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        return Math.ceil(max * 1.05 / step) * step;
    }

    private static void dot(Graphics2D g, Color c, int x0, int y0, int x1, int y1, double fx, double fy,
                            boolean filled) {
        if (!Double.isFinite(fx) || !Double.isFinite(fy)) {
            return;
        }
        int x = (int) Math.round(x0 + (x1 - x0) * Math.min(fx, 1));
        int y = (int) Math.round(y0 - (y0 - y1) * Math.min(fy, 1));
        g.setColor(c);
        if (filled) {
            g.fillOval(x - 4, y - 4, 8, 8);
        } else {
            g.setStroke(new BasicStroke(2f));
            g.drawOval(x - 4, y - 4, 8, 8);
        }
    }

    private static void legend(Graphics2D g, Color c, boolean filled, String label, int x, int y) {
        dot(g, c, x, y, x + 1, y - 1, 0, 0, filled);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 12, y + 5);
    }
}
