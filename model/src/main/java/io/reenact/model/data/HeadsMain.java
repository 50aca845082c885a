package io.reenact.model.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a contact sheet of synthetic heads (and one with landmarks and masks) and prints how much
 * of the frame each expression changes and how fast the renderer is. Usage: {@code HeadsMain [sheet.png] [seed]}.
 */
public final class HeadsMain {

    private HeadsMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].startsWith("-")) {
            // a file name never starts with a dash here: --help must not become a PNG called "--help"
            String usage = "usage: heads [SHEET.png] [SEED]  (default heads.png, seed 1)";
            if (!args[0].equals("--help") && !args[0].equals("-h")) {
                throw new IllegalArgumentException("unknown option " + args[0] + "\n" + usage);
            }
            System.out.println(usage);
            return;
        }
        Path out = Path.of(args.length > 0 ? args[0] : "heads.png");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int size = 128;
        int footprintHeads = 20;
        List<Path> written = writeContactSheets(out, seed, size);
        System.out.println("contact sheet: " + written.get(0).toAbsolutePath());
        System.out.println("ground truth:  " + written.get(1).toAbsolutePath());
        System.out.println("channel values a full expression moves by more than " + ExpressionFootprint.VISIBLE
                + "/255 (frontal, " + footprintHeads + " held-out heads, " + size + "², of " + size * size * 3 + "): "
                + ExpressionFootprint.measure(new SyntheticHeads(seed), footprintHeads, size));
        System.out.println(benchmark(size, 2000));
        System.out.println(benchmark(2 * size, 500));
        System.out.println(sampleBenchmark(size, 8, 200));
    }

    /**
     * Writes {@code sheet} (10 training identities × the showcase poses) and, beside it,
     * {@code <name>-truth.png} (6 identities with landmarks drawn and their masks).
     *
     * @return the two files written
     */
    public static List<Path> writeContactSheets(Path sheet, long seed, int size) {
        SyntheticHeads heads = new SyntheticHeads(seed);
        ContactSheet.writeIdentitiesByPoses(heads, Split.TRAIN, 10, ContactSheet.showcasePoses(), size, false, sheet);
        String name = sheet.getFileName().toString();
        Path truth = sheet.resolveSibling(name.replaceFirst("(\\.png)?$", "-truth.png"));
        ContactSheet.writeIdentitiesByPoses(heads, Split.TRAIN, 6, ContactSheet.showcasePoses().subList(0, 6), size, true, truth);
        return List.of(sheet, truth);
    }

    /**
     * Renders {@code frames} frames of synthetic videos at {@code size}² on the calling thread (after
     * a warm-up) and reports frames per second, by wall clock and by the thread's CPU time (the
     * latter is what one core sustains when other processes compete for the machine).
     */
    public static String benchmark(int size, int frames) {
        SyntheticHeads heads = new SyntheticHeads(7);
        int perVideo = 100;
        long checksum = run(heads, size, Math.max(perVideo, frames / 4), perVideo);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        checksum += run(heads, size, frames, perVideo);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        return String.format(Locale.ROOT,
                "render %dx%d: %.0f frames/s wall, %.0f frames/s per CPU-second, one thread (%d frames in %.2f s, checksum %d)",
                size, size, frames / seconds, frames / cpuSeconds, frames, seconds, checksum & 0xffff);
    }

    /**
     * Draws {@code samples} training samples (K identity frames + target) from a synthetic dataset on
     * the calling thread and reports samples per second, wall and per CPU-second.
     */
    public static String sampleBenchmark(int size, int k, int samples) {
        SyntheticVideoDataset ds = new SyntheticVideoDataset(new SyntheticHeads(7), Split.TRAIN, 1000, 2, 300, size);
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < Math.max(5, samples / 10); i++) {
            ds.sample(rng.nextInt(ds.videoCount()), k, rng);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            ds.sample(rng.nextInt(ds.videoCount()), k, rng);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        return String.format(Locale.ROOT,
                "training samples K=%d at %dx%d (random videos of 2000): %.1f samples/s wall, %.1f per CPU-second, one thread",
                k, size, size, samples / seconds, samples / cpuSeconds);
    }

    private static long run(SyntheticHeads heads, int size, int frames, int perVideo) {
        long sum = 0;
        SyntheticVideo video = null;
        for (int i = 0; i < frames; i++) {
            if (i % perVideo == 0) {
                video = heads.video(heads.identity(Split.TRAIN, i / perVideo), i / perVideo, perVideo);
            }
            RenderedFrame f = video.frame(i % perVideo, size);
            sum += f.image().pixels()[size * size * 3 / 2] + f.mask().alpha()[size * size / 2];
        }
        return sum;
    }
}
