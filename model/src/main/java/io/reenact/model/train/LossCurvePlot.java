package io.reenact.model.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the loss curves of a run as a PNG (java.awt, works headless): one line per loss on a log
 * scale (the terms differ by orders of magnitude), smoothed by a running median so trends show
 * through the per-batch noise. A median, not a mean: the gradient norm of an update the trainer
 * refuses (1e9 to 1e14 against a typical 45, a few per thousand steps) held a mean's window up for a
 * hundred steps, and the axis it stretched over fifteen decades flattened every loss into a line.
 */
public final class LossCurvePlot {

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f)
    };

    private LossCurvePlot() {
    }

    public static void write(LossHistory history, Path png, String title) {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 520;
        int left = 70;
        int right = 180;
        int top = 40;
        int bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        List<LossHistory.Row> rows = history.rows();
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.drawRect(left, top, pw, ph);
        if (rows.size() >= 2) {
            long minStep = rows.get(0).step();
            long maxStep = Math.max(minStep + 1, rows.get(rows.size() - 1).step());
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            int window = Math.max(1, rows.size() / 100);
            double[][] smoothed = new double[history.names().size()][];
            for (int s = 0; s < smoothed.length; s++) {
                smoothed[s] = smooth(rows, history.names().get(s), window);
                for (double v : smoothed[s]) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo == Double.MAX_VALUE) {
                lo = -1;
                hi = 1;
            }
            lo = Math.floor(lo);
            hi = Math.max(lo + 1, Math.ceil(hi));
            for (double d = lo; d <= hi; d += 1) {
                int y = top + ph - (int) ((d - lo) / (hi - lo) * ph);
                g.setColor(new Color(0xdddddd));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "1e%d", (int) d), left - 40, y + 4);
            }
            g.drawString("step " + minStep, left, top + ph + 18);
            String end = "step " + maxStep;
            g.drawString(end, left + pw - g.getFontMetrics().stringWidth(end), top + ph + 18);
            g.setStroke(new BasicStroke(1.6f));
            for (int s = 0; s < smoothed.length; s++) {
                g.setColor(PALETTE[s % PALETTE.length]);
                int px = -1;
                int py = -1;
                for (int i = 0; i < rows.size(); i++) {
                    double v = smoothed[s][i];
                    if (!Double.isFinite(v)) {
                        px = -1;
                        continue;
                    }
                    int x = left + (int) ((double) (rows.get(i).step() - minStep) / (maxStep - minStep) * pw);
                    int y = top + ph - (int) ((v - lo) / (hi - lo) * ph);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                g.fillRect(left + pw + 14, top + 10 + s * 18, 14, 4);
                g.drawString(history.names().get(s), left + pw + 34, top + 16 + s * 18);
            }
        }
        g.dispose();
        try {
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * log10 of a trailing median over up to {@code window} present values; NaN where the loss is
     * absent, not positive or not finite (a skipped update logs an infinite gradient norm, and one
     * infinity would stretch the axis without end). Each median is taken afresh: a running sum that
     * had held a skipped update's 1e18 norm once cancelled to exactly 0 when it left the window, whose
     * log, minus infinity, kept the axis loop from ever ending (a training run hung at its checkpoint).
     */
    static double[] smooth(List<LossHistory.Row> rows, String name, int window) {
        double[] out = new double[rows.size()];
        java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
        for (int i = 0; i < rows.size(); i++) {
            Float v = rows.get(i).losses().get(name);
            if (v == null || !(v > 0) || v.isInfinite()) {
                out[i] = Double.NaN;
                continue;
            }
            recent.addLast((double) v);
            if (recent.size() > window) {
                recent.removeFirst();
            }
            double[] sorted = recent.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            out[i] = Math.log10(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
        }
        return out;
    }
}
