package io.reenact.generate;

import io.reenact.schema.SessionBinding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each relatively driven stream's reference pose: the driver's first pose after its binding (a new
 * binding, even to the same avatar, starts a new reference). Bounded: the streams seen least
 * recently are forgotten first, and would take their next frame as a new reference.
 */
final class RelativeReferences {

    static final int MAX_STREAMS = 4096;

    private final Map<String, Reference> byStream = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Reference> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    private record Reference(long boundAtMs, String avatarId, float[] pose) {
    }

    /** The reference of this binding, {@code pose} itself when it is the binding's first frame. */
    synchronized float[] first(SessionBinding binding, float[] pose) {
        Reference r = byStream.get(binding.getStreamId());
        if (r == null || r.boundAtMs() != binding.getBoundAtMs() || !r.avatarId().equals(binding.getAvatarId())) {
            r = new Reference(binding.getBoundAtMs(), binding.getAvatarId(), pose.clone());
            byStream.put(binding.getStreamId(), r);
        }
        return r.pose();
    }

    synchronized int size() {
        return byStream.size();
    }
}
