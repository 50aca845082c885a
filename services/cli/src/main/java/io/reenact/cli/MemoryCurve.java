package io.reenact.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
import java.util.Locale;

/**
 * A soak's resident memory over time as a PNG, with the ±10% band around the first figure after
 * warm-up that "flat" is judged by.
 */
final class MemoryCurve {

    private MemoryCurve() {
    }

    static void write(JsonObject soak, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JsonArray curve = soak.getJsonArray("rss_mb_curve");
        int w = 900;
        int h = 480;
        int left = 70;
        int right = 30;
        int top = 50;
        int bottom = 50;
        int pw = w - left - right;
        int ph = h - top - bottom;
        double maxT = 1;
        double maxMb = soak.getDouble("rss_mb_first") * 1.2;
        for (int i = 0; i < curve.size(); i++) {
            maxT = Math.max(maxT, curve.getJsonArray(i).getDouble(0));
            maxMb = Math.max(maxMb, curve.getJsonArray(i).getDouble(1) * 1.05);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format(Locale.ROOT, "reenact soak: %d streams, %.1f frames/s each, %d of %d frames accounted for",
                soak.getInteger("streams"), soak.getDouble("fps_per_stream"), soak.getLong("frames_accounted"),
                soak.getLong("frames_published")), left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("resident memory (MB) over time (s); shaded: ±10% of the first figure after the warm-up", left, 40);

        double first = soak.getDouble("rss_mb_first");
        int bandTop = y(first * 1.1, maxMb, top, ph);
        int bandBottom = y(first * 0.9, maxMb, top, ph);
        g.setColor(new Color(0xe0f0e0));
        int warmX = x(soak.getLong("warm_up_s"), maxT, left, pw);
        g.fillRect(warmX, bandTop, left + pw - warmX, bandBottom - bandTop);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 5; i++) {
            double mb = maxMb * i / 5;
            int y = y(mb, maxMb, top, ph);
            g.drawString(String.format(Locale.ROOT, "%.0f", mb), left - 45, y + 4);
            double t = maxT * i / 5;
            g.drawString(String.format(Locale.ROOT, "%.0f", t), x(t, maxT, left, pw) - 10, top + ph + 18);
        }
        g.setColor(new Color(0x1f77b4));
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < curve.size(); i++) {
            JsonArray a = curve.getJsonArray(i - 1);
            JsonArray b = curve.getJsonArray(i);
            g.drawLine(x(a.getDouble(0), maxT, left, pw), y(a.getDouble(1), maxMb, top, ph),
                    x(b.getDouble(0), maxT, left, pw), y(b.getDouble(1), maxMb, top, ph));
        }
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static int x(double t, double maxT, int left, int pw) {
        return left + (int) Math.round(t / maxT * pw);
    }

    private static int y(double mb, double maxMb, int top, int ph) {
        return top + ph - (int) Math.round(mb / maxMb * ph);
    }
}
