package io.reenact.cli;

import io.reenact.common.Topics;
import io.reenact.generate.GenerateTopology;
import io.reenact.ingest.DriverFramePublisher;
import io.reenact.ingest.DriverSource;
import io.reenact.ingest.Pacing;
import io.reenact.ingest.SourcePump;
import io.reenact.ingest.SyntheticDriverSource;
import io.reenact.model.RgbImage;
import io.reenact.model.data.Split;
import io.reenact.schema.ReenactedFrame;
import io.reenact.stages.LatencySamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reenact soak}: N synthetic streams at 25 frames/s each through the local pipeline for M
 * minutes, to show what holds over time: each stream's frame rate, end-to-end latency, every frame
 * accounted for (reenacted, dropped as late, or dead-lettered) and resident memory.
 */
final class Soak {

    /** Driver frames per stream, rendered once and played in a loop (rendering them live would cost the pipeline's CPU). */
    private static final int LOOP_FRAMES = 50;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** After the last frame, how long stragglers are waited for without any progress. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(15);

    /** One resident-memory sample. */
    record MemorySample(double seconds, double rssMb) {
    }

    private final int streams;
    private final Duration duration;
    private final double fps;
    private final Duration warmUp;
    private final LocalPipeline.Options options;
    private final PrintStream out;
    private final Map<String, AtomicLong> reenacted = new ConcurrentHashMap<>();
    private final LatencySamples endToEnd = new LatencySamples(500_000);
    private final AtomicLong firstOutMs = new AtomicLong();
    private final AtomicLong lastOutMs = new AtomicLong();

    Soak(int streams, Duration duration, double fps, Duration warmUp, LocalPipeline.Options options, PrintStream out) {
        this.streams = streams;
        this.duration = duration;
        this.fps = fps;
        this.warmUp = warmUp;
        this.options = options;
        this.out = out;
    }

    JsonObject run() throws Exception {
        try (LocalPipeline pipeline = LocalPipeline.start(options, out, this::onOutput);
             LocalAvatars avatars = new LocalAvatars(pipeline);
             DriverFramePublisher publisher = new DriverFramePublisher(pipeline.bootstrap(), pipeline.serdeConfig())) {
            int size = pipeline.frameSize();
            String avatarId = "soak-avatar";
            avatars.enrol(avatarId, UUID.randomUUID().toString(), avatarId, AvatarFrames.synthetic(2020, 0, 8, size), 0);
            pipeline.awaitInStore(GenerateTopology.AVATARS_STORE, avatarId, "avatar " + avatarId, Duration.ZERO);
            List<String> ids = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                String id = "soak-" + s;
                ids.add(id);
                reenacted.put(id, new AtomicLong());
                avatars.bind(id, avatarId, false);
                pipeline.awaitInStore(GenerateTopology.BINDINGS_STORE, id, "binding of " + id, Duration.ZERO);
            }
            out.printf("rendering %d driver loops of %d frames ...%n", streams, LOOP_FRAMES);
            List<List<RgbImage>> loops = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                loops.add(render(s, size));
            }
            long deadLettersBefore = pipeline.countRecords(Topics.DEAD_LETTERS);
            long droppedBefore = pipeline.dropped();
            long framesPerStream = Math.round(duration.toSeconds() * fps);
            out.printf("driving %d streams at %.0f frames/s for %d s (%d frames each) ...%n", streams, fps,
                    duration.toSeconds(), framesPerStream);

            List<SourcePump> pumps = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                SourcePump pump = new SourcePump(ids.get(s), new Looped(loops.get(s), fps), publisher,
                        Pacing.realTime(fps), framesPerStream, image -> { });
                pumps.add(pump);
                Thread t = new Thread(pump, "soak-" + s);
                t.setDaemon(true);
                threads.add(t);
            }
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            List<MemorySample> memory = new ArrayList<>();
            long nextReport = 0;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                memory.add(new MemorySample(seconds, residentMb()));
                if (seconds >= nextReport) {
                    out.printf("  %5.0f s  published %d  reenacted %d  dropped %d  RSS %.0f MB%n", seconds,
                            pumps.stream().mapToLong(SourcePump::sent).sum(), totalReenacted(),
                            pipeline.dropped() - droppedBefore, memory.get(memory.size() - 1).rssMb());
                    nextReport += 60;
                }
                Thread.sleep(SAMPLE_EVERY.toMillis());
            }
            double pumpSeconds = (System.nanoTime() - start) / 1e9;
            long published = pumps.stream().mapToLong(SourcePump::sent).sum();
            long accounted = awaitAccounted(pipeline, published, droppedBefore, deadLettersBefore);
            memory.add(new MemorySample((System.nanoTime() - start) / 1e9, residentMb()));
            for (SourcePump pump : pumps) {
                if (pump.failure() != null) {
                    out.println("stream " + pump.streamId() + ": " + pump.failure().getMessage());
                }
            }
            long dropped = pipeline.dropped() - droppedBefore;
            long deadLetters = pipeline.countRecords(Topics.DEAD_LETTERS) - deadLettersBefore;
            return report(published, accounted, dropped, deadLetters, pumpSeconds, memory, pipeline.failures());
        }
    }

    private List<RgbImage> render(int stream, int size) {
        List<RgbImage> frames = new ArrayList<>();
        try (DriverSource source = new SyntheticDriverSource(2020, Split.TEST, 1 + stream, 7 + stream, LOOP_FRAMES, size,
                fps)) {
            RgbImage image;
            while ((image = source.next()) != null) {
                frames.add(image);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return frames;
    }

    private void onOutput(ReenactedFrame frame) {
        AtomicLong count = reenacted.get(frame.getStreamId());
        if (count == null) {
            return;
        }
        long now = System.currentTimeMillis();
        count.incrementAndGet();
        endToEnd.add(now - frame.getCaptureTimeMs());
        firstOutMs.compareAndSet(0, now);
        lastOutMs.set(now);
    }

    private long totalReenacted() {
        return reenacted.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Until every published frame is reenacted, dropped or dead-lettered, or nothing moves for a while. */
    private long awaitAccounted(LocalPipeline pipeline, long published, long droppedBefore, long deadLettersBefore)
            throws Exception {
        long lastProgress = System.nanoTime();
        long last = -1;
        while (true) {
            long accounted = totalReenacted() + pipeline.dropped() - droppedBefore
                    + pipeline.countRecords(Topics.DEAD_LETTERS) - deadLettersBefore;
            if (accounted >= published) {
                return accounted;
            }
            if (accounted != last) {
                last = accounted;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_PERIOD.toNanos()) {
                return accounted;
            }
            Thread.sleep(200);
        }
    }

    private JsonObject report(long published, long accounted, long dropped, long deadLetters, double pumpSeconds,
                              List<MemorySample> memory, List<String> failures) {
        double firstAfterWarmUp = memory.stream().filter(m -> m.seconds() >= warmUp.toSeconds()).findFirst()
                .orElse(memory.get(0)).rssMb();
        JsonObject fpsPerStream = new JsonObject();
        reenacted.forEach((id, n) -> fpsPerStream.put(id, round(n.get() / pumpSeconds)));
        double meanFps = reenacted.values().stream().mapToLong(AtomicLong::get).average().orElse(0) / pumpSeconds;
        JsonArray curve = new JsonArray();
        memory.forEach(m -> curve.add(new JsonArray().add(round(m.seconds())).add(round(m.rssMb()))));
        return new JsonObject()
                .put("streams", streams)
                .put("minutes", round(duration.toSeconds() / 60.0))
                .put("frames_published", published)
                .put("frames_accounted", Math.min(accounted, published))
                .put("frames_reenacted", totalReenacted())
                .put("frames_dropped_late", dropped)
                .put("frames_dead_lettered", deadLetters)
                .put("fps_per_stream", round(meanFps))
                .put("fps_by_stream", fpsPerStream)
                .put("e2e_p50_ms", endToEnd.percentile(50))
                .put("e2e_p99_ms", endToEnd.percentile(99))
                .put("rss_mb_first", round(firstAfterWarmUp))
                .put("rss_mb_last", round(memory.get(memory.size() - 1).rssMb()))
                .put("rss_mb_max", round(memory.stream().mapToDouble(MemorySample::rssMb).max().orElse(0)))
                .put("warm_up_s", warmUp.toSeconds())
                .put("rss_mb_curve", curve)
                .put("failures", new JsonArray(List.copyOf(failures)));
    }

    private static double residentMb() {
        return io.reenact.model.bench.Bench.rssMiB();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** A short clip played over and over. */
    private static final class Looped implements DriverSource {
        private final List<RgbImage> frames;
        private final double fps;
        private int next;

        Looped(List<RgbImage> frames, double fps) {
            this.frames = frames;
            this.fps = fps;
        }

        @Override
        public RgbImage next() {
            return frames.get(next++ % frames.size());
        }

        @Override
        public double frameRate() {
            return fps;
        }

        @Override
        public String describe() {
            return "a synthetic loop of " + frames.size() + " frames";
        }

        @Override
        public void close() {
        }
    }
}
