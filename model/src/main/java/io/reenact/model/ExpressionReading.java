package io.reenact.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A linear reading of the expression (jaw, smile, blink, brows) off the latent pose code, by which
 * {@link WarpSources#nearest} chooses the avatar frame to warp as well as by the code itself. The
 * code's distances are ruled by the head's rotation and position, which the flow undoes well; an
 * open mouth or closed eyes the frame does not show, the renderer hardly draws. Fitted by ridge
 * regression on synthetic training heads, whose expression is known exactly (the trainer's export and
 * {@code reenact fit-expression} write it beside the weights as {@value #FILE}); no keypoint is read.
 *
 * @param weight how much a squared difference of reading counts against one of code
 * @param rows   one row per {@link #FACTORS} entry: weights over the code's entries, then a bias
 * @param fitted what it was fitted on, for a reader of the file
 */
public record ExpressionReading(float weight, float[][] rows, String fitted) {

    /** The file in a checkpoint directory. */
    public static final String FILE = "expression.json";

    /** What each row reads, in {@code HeadPose} units (0 = neutral, 1 = full). */
    public static final List<String> FACTORS = List.of("jaw_open", "smile", "blink", "brow_raise");

    /**
     * {@link #weight} as fitted. Chosen on held-out heads of another seed than the ones {@code reenact
     * eval} reports (seed 2's TEST people; the 37,000-step warp-128 weights): the cross-driving
     * mouth-opening correlation was 0.11 by code alone, 0.18 / 0.23 / 0.23 at weights 5 / 10 / 20, PSNR
     * +0.05 / +0.04 / -0.01 dB. A driver's squared code distance to an avatar frame averaged 1.15 there,
     * the reading's 0.19, so at 10 the expression counts a little more than the rest of the code.
     */
    public static final float DEFAULT_WEIGHT = 10f;

    private static final Gson GSON = new GsonBuilder().create();

    public ExpressionReading {
        if (rows.length != FACTORS.size()) {
            throw new IllegalArgumentException("one row per factor " + FACTORS + ", got " + rows.length);
        }
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("weight must be non-negative: " + weight);
        }
    }

    /** Entries of the code this reads (each row has one more, the bias). */
    public int codeDim() {
        return rows[0].length - 1;
    }

    /** The expression read off a code, one value per {@link #FACTORS} entry. */
    public float[] read(float[] code) {
        check(code);
        float[] out = new float[rows.length];
        for (int e = 0; e < rows.length; e++) {
            double sum = rows[e][code.length];
            for (int j = 0; j < code.length; j++) {
                sum += rows[e][j] * code[j];
            }
            out[e] = (float) sum;
        }
        return out;
    }

    /** Squared distance of two codes plus {@link #weight} times that of their readings. */
    public double distance(float[] a, float[] b) {
        check(a);
        check(b);
        double code = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            code += d * d;
        }
        double expression = 0;
        for (float[] row : rows) {
            double d = 0;
            for (int j = 0; j < a.length; j++) {
                d += row[j] * (a[j] - b[j]);
            }
            expression += d * d;
        }
        return code + weight * expression;
    }

    private void check(float[] code) {
        if (code.length != codeDim()) {
            throw new IllegalArgumentException("a reading of " + codeDim() + "-entry codes got " + code.length);
        }
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ExpressionReading fromJson(String json) {
        // Gson builds records through their canonical constructor, so its checks run
        return GSON.fromJson(json, ExpressionReading.class);
    }

    /** The reading in a checkpoint directory, or null when it has none (older checkpoints, AdaIN models). */
    public static ExpressionReading in(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return Files.exists(file) ? fromJson(Files.readString(file)) : null;
    }

    /** As {@link #in(Path)}, from a stream that may be null (a resource the jar may not hold). */
    static ExpressionReading from(InputStream in) throws IOException {
        return in == null ? null : fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), toJson(), StandardCharsets.UTF_8);
    }
}
