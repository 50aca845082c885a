package io.reenact.model.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-step loss values of a run, kept in memory for plots and appended to a CSV
 * ({@code step,seconds,<loss names...>}) so a resumed run continues the same file and curve.
 * Steps beyond the resume point (written after the last checkpoint) are dropped on load.
 */
public final class LossHistory {

    /** One logged step. */
    public record Row(long step, double seconds, Map<String, Float> losses) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    public List<Row> rows() {
        return rows;
    }

    public List<String> names() {
        return names;
    }

    public void add(long step, double seconds, Map<String, Float> losses) {
        for (String n : losses.keySet()) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        rows.add(new Row(step, seconds, new LinkedHashMap<>(losses)));
    }

    /** Mean of a loss over the last {@code window} rows that have it (NaN if none). */
    public double recentMean(String name, int window) {
        double sum = 0;
        int n = 0;
        for (int i = rows.size() - 1; i >= 0 && n < window; i--) {
            Float v = rows.get(i).losses().get(name);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Rewrites the whole CSV (cheap: one line per step, written at checkpoints only). */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("step,seconds");
        for (String n : names) {
            sb.append(',').append(n);
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.step()).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()));
            for (String n : names) {
                Float v = r.losses().get(n);
                sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            }
            sb.append('\n');
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a CSV written by {@link #writeCsv}, keeping rows with step ≤ {@code upToStep}. */
    public static LossHistory readCsv(Path file, long upToStep) {
        LossHistory h = new LossHistory();
        if (!Files.exists(file)) {
            return h;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return h;
            }
            String[] header = lines.get(0).split(",", -1);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",", -1);
                if (f.length != header.length) {
                    continue;
                }
                long step = Long.parseLong(f[0]);
                if (step > upToStep) {
                    continue;
                }
                Map<String, Float> losses = new LinkedHashMap<>();
                for (int c = 2; c < header.length; c++) {
                    if (!f[c].isEmpty()) {
                        losses.put(header[c], Float.parseFloat(f[c]));
                    }
                }
                h.add(step, Double.parseDouble(f[1]), losses);
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
