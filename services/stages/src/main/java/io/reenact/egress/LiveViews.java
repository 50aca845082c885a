package io.reenact.egress;

import io.reenact.schema.ReenactedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every stream's {@link LiveView}, created when its first frame arrives (or a viewer asks first). */
public final class LiveViews implements AutoCloseable {

    private final Map<String, LiveView> views = new ConcurrentHashMap<>();
    private final Compositor compositor;

    public LiveViews(Compositor compositor) {
        this.compositor = compositor;
    }

    public void accept(ReenactedFrame frame) {
        view(frame.getStreamId()).accept(frame);
    }

    public LiveView view(String streamId) {
        return views.computeIfAbsent(streamId, id -> new LiveView(id, compositor));
    }

    public List<String> streamIds() {
        return new ArrayList<>(views.keySet());
    }

    /** {"streams":{"id":{...stats...}}} for the viewer page. */
    public String statsJson() {
        StringBuilder json = new StringBuilder("{\"streams\":{");
        boolean first = true;
        for (Map.Entry<String, LiveView> e : views.entrySet()) {
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
