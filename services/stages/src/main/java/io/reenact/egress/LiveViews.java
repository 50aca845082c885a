package io.reenact.egress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.reenact.schema.ReenactedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every stream's {@link LiveView}, created when its first frame arrives (or a viewer asks first), and
 * forgotten once it has neither frames nor viewers for {@link #DEFAULT_IDLE}: a long-running egress
 * sees streams come and go, and each view holds its last pictures.
 */
public final class LiveViews implements AutoCloseable {

    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(2);
    private static final long SWEEP_EVERY_MS = 5_000;

    private final Map<String, LiveView> views = new ConcurrentHashMap<>();
    private final Compositor compositor;
    private final long idleMs;
    private final AtomicLong lastSweepMs = new AtomicLong(System.currentTimeMillis());

    public LiveViews(Compositor compositor) {
        this(compositor, DEFAULT_IDLE);
    }

    public LiveViews(Compositor compositor, Duration idle) {
        this.compositor = compositor;
        this.idleMs = idle.toMillis();
    }

    public void accept(ReenactedFrame frame) {
        view(frame.getStreamId()).accept(frame);
        long now = System.currentTimeMillis();
        long last = lastSweepMs.get();
        if (now - last >= SWEEP_EVERY_MS && lastSweepMs.compareAndSet(last, now)) {
            evictIdle(now);
        }
    }

    /** Drops the views idle since before {@code now - idle}; answers how many. */
    int evictIdle(long now) {
        int evicted = 0;
        for (Map.Entry<String, LiveView> e : views.entrySet()) {
            if (now - e.getValue().lastActiveMs() > idleMs && views.remove(e.getKey(), e.getValue())) {
                e.getValue().close();
                evicted++;
            }
        }
        return evicted;
    }

    public LiveView view(String streamId) {
        return views.computeIfAbsent(streamId, id -> new LiveView(id, compositor));
    }

    public List<String> streamIds() {
        return new ArrayList<>(views.keySet());
    }

    /** {"streams":{"id":{...stats...}}} for the viewer page. */
    /** Statistics of the streams a caller may watch. */
    public String statsJson(java.util.function.Predicate<String> visible) {
        StringBuilder json = new StringBuilder("{\"streams\":{");
        boolean first = true;
        for (Map.Entry<String, LiveView> e : views.entrySet()) {
            if (!visible.test(e.getKey())) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"').append(jsonEscape(e.getKey())).append("\":").append(e.getValue().stats().toJson());
        }
        return json.append("}}").toString();
    }

    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        views.values().forEach(LiveView::close);
    }
}
