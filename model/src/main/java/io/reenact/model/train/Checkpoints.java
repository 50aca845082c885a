package io.reenact.model.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.reenact.model.LatentPoseModel;
import io.reenact.model.ModelConfig;
import io.reenact.model.WeightsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run directory's layout and its resumable checkpoints:
 * <pre>
 *   OUT/checkpoints/step-0000500/model.weights   all parts of the live model, fp32
 *   OUT/checkpoints/step-0000500/ema.weights     EMA of the G side, fp32
 *   OUT/checkpoints/step-0000500/state.json      step, seconds, config (written last: marks it complete)
 *   OUT/loss.csv, OUT/loss.png                   loss history and curves
 *   OUT/export/                                  the inference checkpoint (EMA, fp16) + config + provenance
 * </pre>
 * The two newest checkpoints are kept, so a crash while writing one still leaves a complete one.
 */
final class Checkpoints {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final int KEEP = 2;

    /** What state.json holds. */
    record State(long step, double seconds, String model, String savedAt) {
    }

    private final Path out;
    private Path latest;

    Checkpoints(Path out) {
        this.out = out;
    }

    Path lossCsv() {
        return out.resolve("loss.csv");
    }

    Path latestDirectory() {
        return latest;
    }

    void save(long step, double seconds, LatentPoseModel model, LatentPoseModel ema, LossHistory history,
              TrainConfig config) {
        try {
            Path dir = out.resolve("checkpoints").resolve(String.format("step-%07d", step));
            Files.createDirectories(dir);
            WeightsFile.write(dir.resolve("model.weights"), model.parameters(), WeightsFile.Precision.FP32);
            WeightsFile.write(dir.resolve("ema.weights"), ema.parameters(Ema.G_SIDE), WeightsFile.Precision.FP32);
            writeAtomically(dir.resolve("config.json"), config.model().toJson());
            writeAtomically(dir.resolve("state.json"),
                    GSON.toJson(new State(step, seconds, config.model().name(), Instant.now().toString())));
            latest = dir;
            history.writeCsv(lossCsv());
            LossCurvePlot.write(history, out.resolve("loss.png"),
                    "training " + config.model().name() + " — step " + step);
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the newest complete checkpoint into the models; null when there is none. */
    State loadLatest(LatentPoseModel model, LatentPoseModel ema) {
        Path dir = newestComplete();
        if (dir == null) {
            return null;
        }
        try {
            Path saved = dir.resolve("config.json");
            if (Files.exists(saved)) {
                ModelConfig was = ModelConfig.fromJson(Files.readString(saved));
                if (!was.equals(model.config())) {
                    // e.g. a run trained with bilinear sampling resumed after the named config moved to
                    // bicubic: its weights would load and silently train something else
                    throw new IllegalStateException(dir + " was trained as " + was.toJson()
                            + "\nbut this run asks for " + model.config().toJson()
                            + "\nresume with the same config, or start a new run with --init-from");
                }
            }
            State state = GSON.fromJson(Files.readString(dir.resolve("state.json")), State.class);
            WeightsFile.load(dir.resolve("model.weights"), model.parameters(), true);
            WeightsFile.load(dir.resolve("ema.weights"), ema.parameters(Ema.G_SIDE), true);
            latest = dir;
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the EMA model as the inference checkpoint: fp16 weights, config.json, training.json. */
    Path export(LatentPoseModel ema, TrainConfig config, long step, double seconds) {
        try {
            Path dir = out.resolve("export");
            Files.createDirectories(dir);
            WeightsFile.write(dir.resolve("model.weights"), ema.parameters(Ema.G_SIDE), WeightsFile.Precision.FP16);
            writeAtomically(dir.resolve("config.json"), config.model().toJson());
            // a segmenter trained into the same run directory ships with the checkpoint
            Path segmenter = out.resolve("segmenter").resolve("segmenter.weights");
            if (Files.exists(segmenter)) {
                Files.copy(segmenter, dir.resolve("segmenter.weights"), StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("command", String.join(" ", config.command()));
            provenance.put("steps", step);
            provenance.put("trainingSeconds", Math.round(seconds));
            provenance.put("batch", config.batch());
            provenance.put("k", config.k());
            provenance.put("adversarial", config.adversarial());
            provenance.put("augment", config.augment());
            provenance.put("lrGenerator", config.lrGenerator());
            provenance.put("lrDiscriminator", config.lrDiscriminator());
            provenance.put("lrPose", config.effectiveLrPose());
            provenance.put("emaDecay", config.emaDecay());
            provenance.put("lossWeights", config.weights());
            provenance.put("data", config.data() == null
                    ? "synthetic heads, " + config.identities() + " training identities, seed " + config.seed()
                    : "frames directory " + config.data().getFileName());
            provenance.put("exportedAt", Instant.now().toString());
            writeAtomically(dir.resolve("training.json"), GSON.toJson(provenance));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest checkpoint directory with a state.json under {@code runDir}, or null. */
    static Path newestComplete(Path runDir) {
        return new Checkpoints(runDir).newestComplete();
    }

    private Path newestComplete() {
        Path root = out.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return null;
        }
        return stepDirectories(root).stream()
                .filter(d -> Files.exists(d.resolve("state.json")))
                .reduce((a, b) -> b)
                .orElse(null);
    }

    private void prune() throws IOException {
        List<Path> complete = new ArrayList<>(stepDirectories(out.resolve("checkpoints")).stream()
                .filter(d -> Files.exists(d.resolve("state.json"))).toList());
        while (complete.size() > KEEP) {
            deleteTree(complete.remove(0));
        }
    }

    private static List<Path> stepDirectories(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
