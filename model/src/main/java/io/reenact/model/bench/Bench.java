package io.reenact.model.bench;

import io.reenact.model.AvatarSources;
import io.reenact.model.ModelConfig;
import io.reenact.model.Reenactor;
import io.reenact.model.Rendering;
import io.reenact.model.RgbImage;
import io.reenact.model.WarpSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Inference latency and memory flatness of the {@link Reenactor}, as a plain program (speed is
 * shown by a command that prints numbers, never by a timed test). For cpu-128 it also compares the
 * AdaIN generator's two ways to upsample.
 *
 * Options: {@link #USAGE}.
 * Latency: ms per call at batch 1 (p50 / p99 / mean) for encodePose, render, segment and
 * encodeIdentity (K = 8). Memory: {@code --frames} frames through encodePose + render with the
 * process's resident set size (VmRSS) printed every {@code --report-every} frames.
 * Set GLIBC_TUNABLES as the README says before running: page faults are slow on small machines.
 */
public final class Bench {

    static final String USAGE = """
            usage: bench [--configs A,B] [--iterations N] [--warmup N] [--frames N] [--report-every N]
                         [--checkpoint DIR] [--no-memory]
              --configs A,B      configurations to time (default: all)
              --iterations N     timed frames per network (default 200), after --warmup N (default 30)
              --frames N         frames rendered for the resident-memory trace (default 10000),
                                 reported every --report-every N (default 1000); --no-memory skips it
              --checkpoint DIR   time these weights (default: the shipped ones, else untrained)""";

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        List<String> configs = ModelConfig.names();
        int iterations = 200;
        int warmup = 30;
        int frames = 10_000;
        int every = 1_000;
        Path checkpoint = null;
        boolean memory = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--configs" -> configs = Arrays.asList(args[++i].split(","));
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--report-every" -> every = Integer.parseInt(args[++i]);
                case "--checkpoint" -> checkpoint = Path.of(args[++i]);
                case "--no-memory" -> memory = false;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        System.out.printf(Locale.ROOT, "threads: %d available processors, ai.djl.pytorch.num_threads=%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "(default)"));
        for (String name : configs) {
            try (Reenactor r = open(name, checkpoint)) {
                latency(r, iterations, warmup);
                if (r.warps() || name.equals("cpu-128")) {
                    upsamplingComparison(r.config(), iterations, warmup);
                }
                if (memory && (name.equals(ModelConfig.DEFAULT_NAME) || name.equals("cpu-128") || r.warps())) {
                    memoryRun(r, frames, every);
                }
            }
        }
    }

    private static Reenactor open(String name, Path checkpoint) throws IOException {
        if (checkpoint != null) {
            Reenactor r = Reenactor.load(checkpoint);
            if (r.config().name().equals(name)) {
                return r;
            }
            r.close();
        }
        // latency does not depend on the weights' values: seeded weights stand in for a config that ships none
        return Reenactor.loadShipped(name);
    }

    private static void latency(Reenactor r, int iterations, int warmup) {
        int s = r.config().imageSize();
        RgbImage frame = frame(s, 1);
        List<RgbImage> identityFrames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            identityFrames.add(frame(s, 10 + i));
        }
        float[] identity = r.encodeIdentity(identityFrames);
        float[] pose = r.encodePose(frame);
        AvatarSources sources = sources(r, identityFrames);
        System.out.printf(Locale.ROOT, "%n%s (%s), batch 1, %d iterations after %d warm-up%s%n",
                r.config().name(), r.modelVersion(), iterations, warmup,
                r.warps() ? ", " + Math.min(sources.count(), WarpSources.SERVING) + " of " + sources.count()
                        + " source frames warped per frame" : "");
        System.out.printf(Locale.ROOT, "  %-24s %8s %8s %8s %12s%n", "call", "p50 ms", "p99 ms", "mean ms", "CPU ms/call");
        timeAndReport("encodePose", () -> r.encodePose(frame), iterations, warmup);
        timeAndReport("render", () -> r.render(identity, pose, sources), iterations, warmup);
        timeAndReport("segment", () -> r.segment(frame), iterations, warmup);
        timeAndReport("encodeIdentity (K=8)", () -> r.encodeIdentity(identityFrames), Math.max(10, iterations / 10), 3);
    }

    /** An avatar's warp sources (none for the AdaIN generator), masks from the model's segmenter. */
    private static AvatarSources sources(Reenactor r, List<RgbImage> frames) {
        return r.prepareSources(frames, frames.stream().map(r::segment).toList());
    }

    /**
     * Render with the plain upsample-then-convolve and with it folded ({@link
     * io.reenact.model.layers.NearestUpsampleConv} in the AdaIN generator, {@link
     * io.reenact.model.layers.UpsampledConcatConv} in the warping renderer's flow decoder and refiner),
     * in one process and in alternating rounds, so that the host's drift between runs cannot decide
     * the comparison. Seeded weights: the cost does not depend on their values.
     */
    private static void upsamplingComparison(ModelConfig config, int iterations, int warmup) {
        try (Reenactor plain = Reenactor.untrained(config, 1); Reenactor folded = Reenactor.untrained(config, 1)) {
            int s = config.imageSize();
            float[] identity = plain.encodeIdentity(List.of(frame(s, 2)));
            float[] pose = plain.encodePose(frame(s, 3));
            Supplier<?> plainRender;
            Supplier<?> foldedRender;
            String foldedName;
            if (config.warps()) {
                folded.model().warpRenderer().precomputeUpsampling();
                List<RgbImage> frames = List.of(frame(s, 2), frame(s, 6), frame(s, 7), frame(s, 8));
                AvatarSources plainSources = sources(plain, frames);
                AvatarSources foldedSources = sources(folded, frames);
                plainRender = () -> plain.render(identity, pose, plainSources);
                foldedRender = () -> folded.render(identity, pose, foldedSources);
                foldedName = "UpsampledConcatConv";
            } else {
                folded.model().generator().precomputeUpsampling();
                plainRender = () -> plain.render(identity, pose);
                foldedRender = () -> folded.render(identity, pose);
                foldedName = "NearestUpsampleConv";
            }
            System.out.printf(Locale.ROOT, "%n%s upsampling, %s, render in alternating rounds%n",
                    config.warps() ? "warping renderer" : "generator", config.name());
            System.out.printf(Locale.ROOT, "  %-24s %8s %8s %8s %12s%n", "render", "p50 ms", "p99 ms", "mean ms", "CPU ms/call");
            for (int round = 0; round < 3; round++) {
                timeAndReport("upsample, then conv", plainRender, iterations, warmup);
                timeAndReport(foldedName, foldedRender, iterations, warmup);
            }
        }
    }

    private static void memoryRun(Reenactor r, int frames, int every) {
        int s = r.config().imageSize();
        float[] identity = r.encodeIdentity(List.of(frame(s, 2)));
        AvatarSources sources = sources(r, List.of(frame(s, 2), frame(s, 6), frame(s, 7), frame(s, 8)));
        RgbImage[] drivers = {frame(s, 3), frame(s, 4), frame(s, 5)};
        System.out.printf(Locale.ROOT, "%nmemory: %d frames through encodePose + render%n", frames);
        System.out.printf(Locale.ROOT, "  %8s %10s %14s %12s%n", "frames", "VmRSS MiB", "heap cmt MiB", "ms/frame");
        System.out.printf(Locale.ROOT, "  %8d %10.1f %14.1f %12s%n", 0, rssMiB(), heapCommittedMiB(), "-");
        long start = System.nanoTime();
        long checksum = 0;
        for (int i = 1; i <= frames; i++) {
            Rendering out = r.render(identity, r.encodePose(drivers[i % drivers.length]), sources);
            checksum += out.image().pixels()[i % 1000];
            if (i % every == 0 || i == frames) {
                long now = System.nanoTime();
                int n = i % every == 0 ? every : i % every;
                System.out.printf(Locale.ROOT, "  %8d %10.1f %14.1f %12.2f%n", i, rssMiB(), heapCommittedMiB(), (now - start) / 1e6 / n);
                start = now;
            }
        }
        System.out.println("  (checksum " + checksum + ")");
    }

    static long[] time(Supplier<?> call, int iterations, int warmup) {
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            Object out = call.get();
            nanos[i] = System.nanoTime() - t;
            if (out == null) {
                throw new IllegalStateException("no result");
            }
        }
        return nanos;
    }

    /**
     * Prints wall-clock percentiles and the process CPU time per call. On a machine shared with
     * other work the wall clock includes waiting for a core; CPU time per call does not, and with
     * one engine thread it is what the call costs on an idle core.
     */
    private static void timeAndReport(String name, Supplier<?> call, int iterations, int warmup) {
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        double cpuBefore = processCpuMs();
        long[] sorted = time(call, iterations, 0);
        double cpuPerCall = (processCpuMs() - cpuBefore) / iterations;
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "  %-24s %8.2f %8.2f %8.2f %12.2f%n", name,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, mean, cpuPerCall);
    }

    /** User + system CPU time of this process in ms, from /proc/self/stat (Linux, 100 Hz ticks). */
    static double processCpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double percentile(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /** Java heap committed by the JVM: separates heap growth from engine (native) memory in VmRSS. */
    static double heapCommittedMiB() {
        return Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    }

    /** Resident set size of this process, from /proc/self/status (Linux); NaN elsewhere. */
    public static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** A deterministic textured frame: content does not change the cost of a forward pass. */
    private static RgbImage frame(int size, long seed) {
        Random rnd = new Random(seed);
        byte[] p = new byte[size * size * 3];
        int cx = size / 2 + rnd.nextInt(9) - 4;
        int cy = size / 2 + rnd.nextInt(9) - 4;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean head = (x - cx) * (x - cx) + (y - cy) * (y - cy) * 0.7 < size * size / 10.0;
                int base = (y * size + x) * 3;
                p[base] = (byte) (head ? 200 : x);
                p[base + 1] = (byte) (head ? 160 : y);
                p[base + 2] = (byte) (head ? 130 + rnd.nextInt(20) : 90);
            }
        }
        return new RgbImage(size, size, p);
    }

}
