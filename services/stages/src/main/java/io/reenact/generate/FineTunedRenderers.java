package io.reenact.generate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tuned generators by weights digest, least recently used first out. Loading a generator
 * costs far more than a frame, so each avatar's weights are loaded once and reused; the bound
 * keeps a generator instance's memory flat however many avatars pass through it. An evicted
 * generator is closed, so the capacity must exceed the number of fine-tuned avatars one instance
 * renders at the same time.
 */
public final class FineTunedRenderers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FineTunedRenderers.class);

    private final int capacity;
    private final LinkedHashMap<String, AvatarRenderer> renderers;
    private long loads;

    public FineTunedRenderers(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.renderers = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The renderer for these weights, loading it on first use. */
    public synchronized AvatarRenderer get(String sha256, Function<String, AvatarRenderer> loader) {
        AvatarRenderer cached = renderers.get(sha256);
        if (cached != null) {
            return cached;
        }
        AvatarRenderer loaded = loader.apply(sha256);
        loads++;
        renderers.put(sha256, loaded);
        if (renderers.size() > capacity) {
            Map.Entry<String, AvatarRenderer> eldest = renderers.entrySet().iterator().next();
            renderers.remove(eldest.getKey());
            eldest.getValue().close();
            LOG.debug("evicted fine-tuned generator {}", eldest.getKey());
        }
        return loaded;
    }

    /** How many times weights were loaded (a cache miss each). */
    public synchronized long loads() {
        return loads;
    }

    public synchronized int size() {
        return renderers.size();
    }

    @Override
    public synchronized void close() {
        renderers.values().forEach(AvatarRenderer::close);
        renderers.clear();
    }
}
