package io.reenact.model.data;

import io.reenact.model.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** PNG grids of images: the identities × poses sheet of the generator, and any evaluation grid. */
public final class ContactSheet {

    private static final int GAP = 2;
    private static final int LABEL_HEIGHT = 16;

    private ContactSheet() {
    }

    /** Writes rows of images (rows may differ in length; cells are laid out on the largest tile). */
    public static void write(List<List<RgbImage>> grid, Path png) {
        write(grid, null, png);
    }

    /**
     * Writes rows of images with an optional label above each column ({@code columnLabels} may be
     * null or shorter than the widest row).
     */
    public static void write(List<List<RgbImage>> grid, List<String> columnLabels, Path png) {
        BufferedImage sheet = toImage(grid, columnLabels);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(sheet, "png", png.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    static BufferedImage toImage(List<List<RgbImage>> grid, List<String> columnLabels) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("empty grid");
        }
        int cols = 0;
        int tileW = 1;
        int tileH = 1;
        for (List<RgbImage> row : grid) {
            cols = Math.max(cols, row.size());
            for (RgbImage img : row) {
                tileW = Math.max(tileW, img.width());
                tileH = Math.max(tileH, img.height());
            }
        }
        if (cols == 0) {
            throw new IllegalArgumentException("grid has no images");
        }
        boolean labels = columnLabels != null && !columnLabels.isEmpty();
        int top = labels ? LABEL_HEIGHT + GAP : 0;
        int width = GAP + cols * (tileW + GAP);
        int height = top + GAP + grid.size() * (tileH + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[tileW * tileH];
        for (int r = 0; r < grid.size(); r++) {
            List<RgbImage> row = grid.get(r);
            for (int c = 0; c < row.size(); c++) {
                RgbImage img = row.get(c);
                byte[] p = img.pixels();
                int n = img.width() * img.height();
                for (int i = 0; i < n; i++) {
                    argb[i] = ((p[i * 3] & 0xff) << 16) | ((p[i * 3 + 1] & 0xff) << 8) | (p[i * 3 + 2] & 0xff);
                }
                sheet.setRGB(GAP + c * (tileW + GAP), top + GAP + r * (tileH + GAP), img.width(), img.height(), argb, 0, img.width());
            }
        }
        if (labels) {
            Graphics2D g = sheet.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.WHITE);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                for (int c = 0; c < Math.min(cols, columnLabels.size()); c++) {
                    String label = columnLabels.get(c);
                    if (label != null) {
                        g.drawString(label, GAP + c * (tileW + GAP) + 2, LABEL_HEIGHT - 3);
                    }
                }
            } finally {
                g.dispose();
            }
        }
        return sheet;
    }

    /** Poses that show what the generator varies: turns, nods, tilt, speech, smile, blink, gaze. */
    public static List<HeadPose> showcasePoses() {
        HeadPose f = HeadPose.FRONTAL;
        return List.of(
                f,
                f.withYaw(-0.6f).withGaze(0.5f, 0),
                f.withYaw(0.6f),
                f.withPitch(0.3f).withGaze(0, -0.6f),
                f.withPitch(-0.25f).withRoll(0.25f),
                f.withJawOpen(1f).withBrowRaise(0.8f),
                f.withSmile(1f).withYaw(0.25f).withJawOpen(0.3f),
                f.withBlink(1f).withRoll(-0.2f).withPlacement(0.06f, 0.05f, 0.88f));
    }

    /** Column labels matching {@link #showcasePoses()}. */
    public static List<String> showcaseLabels() {
        return List.of("frontal", "yaw -0.6", "yaw +0.6", "pitch +0.3", "pitch/roll", "jaw+brow", "smile", "blink");
    }

    /**
     * Renders identities {@code 0..identities-1} of {@code split} (rows) in {@code poses} (columns),
     * each row over its own backdrop, and writes the sheet; with {@code groundTruth}, every image
     * shows its landmarks and the mask is shown beside it.
     */
    public static void writeIdentitiesByPoses(SyntheticHeads heads, Split split, int identities,
                                              List<HeadPose> poses, int size, boolean groundTruth, Path png) {
        List<List<RgbImage>> grid = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<HeadPose> showcase = showcasePoses();
        boolean known = poses.size() <= showcase.size() && poses.equals(showcase.subList(0, poses.size()));
        for (int p = 0; p < poses.size(); p++) {
            String name = known ? showcaseLabels().get(p) : "pose " + p;
            labels.add(name);
            if (groundTruth) {
                labels.add("mask");
            }
        }
        for (int i = 0; i < identities; i++) {
            HeadIdentity id = heads.identity(split, i);
            Background bg = Background.of(Seeds.derive(heads.seed() ^ 0x2545F4914F6CDD1DL, i));
            List<RgbImage> row = new ArrayList<>();
            for (HeadPose pose : poses) {
                RenderedFrame f = heads.render(id, pose, bg, size);
                if (groundTruth) {
                    row.add(Landmarks68.draw(f.image(), f.landmarks()));
                    row.add(maskImage(f));
                } else {
                    row.add(f.image());
                }
            }
            grid.add(row);
        }
        write(grid, labels, png);
    }

    /** The mask as a grey image. */
    public static RgbImage maskImage(RenderedFrame f) {
        byte[] a = f.mask().alpha();
        byte[] p = new byte[a.length * 3];
        for (int i = 0; i < a.length; i++) {
            p[i * 3] = a[i];
            p[i * 3 + 1] = a[i];
            p[i * 3 + 2] = a[i];
        }
        return new RgbImage(f.mask().width(), f.mask().height(), p);
    }
}
