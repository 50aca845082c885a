package io.reenact.model.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line progress display on stderr: step/total, losses, seconds per step and ETA. On a terminal
 * the line is redrawn in place; when stderr is a file (a background run) a full line is written
 * every {@code logEverySeconds}, so the log stays readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final double logEverySeconds;
    private final long startNanos = System.nanoTime();
    private final long startStep;
    private long lastPrint;
    private double secondsPerStep = Double.NaN;

    public ProgressBar(PrintStream out, String label, long startStep, long total) {
        this.out = out;
        this.label = label;
        this.startStep = startStep;
        this.total = total;
        this.interactive = System.console() != null;
        this.logEverySeconds = interactive ? 0.2 : 15;
    }

    /** Seconds per step over this session so far (NaN before the first step). */
    public double secondsPerStep() {
        return secondsPerStep;
    }

    public void update(long step, Map<String, Float> losses) {
        long now = System.nanoTime();
        long done = step - startStep;
        if (done > 0) {
            secondsPerStep = (now - startNanos) / 1e9 / done;
        }
        boolean last = step >= total;
        if (!last && (now - lastPrint) / 1e9 < logEverySeconds) {
            return;
        }
        lastPrint = now;
        out.print((interactive ? "\r" : "") + line(step, losses) + (interactive && !last ? "" : "\n"));
        out.flush();
    }

    /** Ends an in-place line so that other output starts on a fresh one. */
    public void breakLine() {
        if (interactive) {
            out.println();
        }
    }

    String line(long step, Map<String, Float> losses) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(1.0, (double) step / total));
        StringBuilder sb = new StringBuilder(label).append(" [");
        sb.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        sb.append(step).append('/').append(total);
        for (Map.Entry<String, Float> e : losses.entrySet()) {
            sb.append(' ').append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        if (!Double.isNaN(secondsPerStep)) {
            sb.append(String.format(Locale.ROOT, "  %.3f s/step  ETA %s", secondsPerStep,
                    duration((total - step) * secondsPerStep)));
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
