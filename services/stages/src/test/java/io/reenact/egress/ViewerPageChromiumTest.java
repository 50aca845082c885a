package io.reenact.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live viewer as a person sees it: the real {@link ViewerServer} with frames flowing, rendered by
 * headless Chromium. The screenshot is kept in target/viewer/ for a look.
 */
class ViewerPageChromiumTest {

    /** The page's layout: 1.5rem body margin, 256 px pictures with a 1 px border, 1rem apart. */
    private static final int MARGIN = 24;
    private static final int PANEL = 256;
    private static final int PITCH = PANEL + 2 + 16;
    private static final int BORDER_RGB = 0x333333;
    private static final int SCREENSHOTS = 3;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void showsDriverMaskAndReenactedSideBySideWithFramesPerSecond(@TempDir Path profiles) throws Exception {
        Path out = Path.of("target", "viewer");
        Files.createDirectories(out);
        Path screenshot = out.resolve("viewer.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        LiveFrames frames = LiveFrames.megamind(48);
        LiveViews views = new LiveViews(Compositor.overDriver());
        try (ViewerServer server = ViewerServer.start(0, views);
             LiveFrames.Feeder feeder = frames.feed("studio-1", 15, views::accept)) {
            String url = "http://127.0.0.1:" + server.port() + "/?stream=studio-1";
            while (views.view("studio-1").stats().frames() < 10) {
                Thread.sleep(20);
            }
            String dom = ExternalTools.run(90, ExternalTools.chromium(Files.createDirectory(profiles.resolve("dom")), "--virtual-time-budget=3000",
                    "--dump-dom", url));
            Matcher fps = Pattern.compile("id=\"fps\">([0-9.]+)<").matcher(dom);
            assertTrue(fps.find(), "the page shows a frames/s figure:\n" + dom);
            double shown = Double.parseDouble(fps.group(1));
            assertTrue(shown > 5 && shown < 30, "frames are fed at 15/s, the page says " + shown);
            Matcher p50 = Pattern.compile("id=\"p50\">([0-9]+)<").matcher(dom);
            assertTrue(p50.find() && Long.parseLong(p50.group(1)) >= 60, "the page shows the latency (>= the 60 ms "
                    + "the frames were old on arrival):\n" + dom);
            assertTrue(dom.contains(">live<"), dom);

            // headless Chromium's virtual clock can run out before the first part of one of the three
            // endless MJPEG responses is drawn (1 screenshot in 6 here), so a blank panel is looked at again
            for (int attempt = 1; ; attempt++) {
                ExternalTools.run(90, ExternalTools.chromium(Files.createDirectory(profiles.resolve("screenshot" + attempt)),
                        "--virtual-time-budget=3000", "--window-size=900,480", "--screenshot=" + screenshot, url));
                if (attempt == SCREENSHOTS || blankPanel(ImageIO.read(screenshot.toFile())) == null) {
                    break;
                }
            }
        }
        BufferedImage png = ImageIO.read(screenshot.toFile());
        int top = panelTop(png);
        String blank = blankPanel(png);
        assertTrue(blank == null, "a panel is blank or uniform after " + SCREENSHOTS + " screenshots: " + blank);
        // the mask panel is the generated mask: white head in the middle, black corners, grey only
        int x = MARGIN + 1 + PITCH;
        assertTrue(luma(png.getRGB(x + PANEL / 2, top + PANEL / 2)) > 230, "mask centre is foreground");
        assertTrue(luma(png.getRGB(x + 4, top + 4)) < 25, "mask corner is background");
        assertEquals(0, saturation(png, 1, top), 8, "the mask panel is grey");
        // over the driver: the reenacted panel's corners are the driver's corners
        int rgbDriver = png.getRGB(MARGIN + 1 + 6, top + 6);
        int rgbReenacted = png.getRGB(MARGIN + 1 + 2 * PITCH + 6, top + 6);
        assertTrue(luma(rgbReenacted) > 10, "paste-back put a background behind the person");
        assertEquals(luma(rgbDriver), luma(rgbReenacted), 40, "the background is the driver's");
    }

    /** The first panel that is blank or uniform, described, or null when all three show a picture. */
    private static String blankPanel(BufferedImage png) {
        int top = panelTop(png);
        for (int i = 0; i < 3; i++) {
            double[] s = statistics(png, i, top);
            if (!(s[1] > 20)) {
                return "panel " + i + " (luma mean " + s[0] + ", sd " + s[1] + ")";
            }
        }
        return null;
    }

    /** The first row of the pictures: below the top border of the first panel (a full #333 row). */
    private static int panelTop(BufferedImage png) {
        for (int y = 0; y < png.getHeight(); y++) {
            boolean border = true;
            for (int x = MARGIN; x < MARGIN + PANEL + 2 && border; x++) {
                border = (png.getRGB(x, y) & 0xffffff) == BORDER_RGB;
            }
            if (border) {
                return y + 1;
            }
        }
        throw new AssertionError("no picture frame found in the screenshot");
    }

    /** Mean and standard deviation of the luma of panel {@code i}. */
    private static double[] statistics(BufferedImage png, int i, int top) {
        double sum = 0, sq = 0;
        int n = 0;
        int x0 = MARGIN + 1 + i * PITCH;
        for (int y = top; y < top + PANEL; y++) {
            for (int x = x0; x < x0 + PANEL; x++) {
                double l = luma(png.getRGB(x, y));
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / n - mean * mean))};
    }

    private static double saturation(BufferedImage png, int i, int top) {
        double worst = 0;
        int x0 = MARGIN + 1 + i * PITCH;
        for (int y = top; y < top + PANEL; y += 3) {
            for (int x = x0; x < x0 + PANEL; x += 3) {
                int rgb = png.getRGB(x, y);
                int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                worst = Math.max(worst, Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)));
            }
        }
        return worst;
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }
}
