package io.reenact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.reenact.model.generator.WarpRenderer;
import io.reenact.model.train.ImageTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last avatars' {@link AvatarSources} as the warping renderer takes them, in engine memory:
 * frames, masks, poses and, for configs that sample cubically, the sources enlarged for sampling
 * ({@link WarpRenderer#samplingSources}). Made on an avatar's first driven frame and reused, so a
 * frame costs no copy of the sources into the engine (68 MB at 128² with sixteen sources enlarged four
 * times); a frame that warps one source takes a view of it, one that blends several copies those. A
 * server holds each avatar's sources while it drives it, so the cache is keyed by them.
 *
 * <p>A source is enlarged the first time a frame picks it, each into an array of its own, not all of
 * them into one array on the avatar's first frame: that frame took 0.26-0.32 s of one core on the
 * shipped warp-128, and an array of that size (64 MB) took 0.17 s just to allocate and zero (the
 * allocator maps one that large fresh each time, and each page faults in); enlarging one source takes
 * 5 ms, and a frame warps the one nearest its pose.
 *
 * <p>Several threads may drive one avatar: an entry pushed out of the cache is freed only when the
 * last frame using it is done.
 */
final class SourceTensors {

    private final NDManager root;
    private final int capacity;
    private final Map<AvatarSources, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AvatarSources, Entry> eldest) {
            if (size() <= capacity) {
                return false;
            }
            eldest.getValue().evict();
            return true;
        }
    };

    SourceTensors(NDManager root, int capacity) {
        this.root = root;
        this.capacity = capacity;
    }

    /**
     * The renderer's inputs 2–5 (or 2–4 without enlarged sources) for the sources at {@code picked},
     * owned by {@code frame} (views when all or one are picked, copies of the picked otherwise; the
     * enlarged sources a view when one is picked, a copy otherwise);
     * {@code close} the returned lease when the frame is rendered.
     */
    Lease lease(AvatarSources sources, int[] picked, int poseDim, boolean enlarged, NDManager frame) {
        Entry e;
        synchronized (entries) {
            e = entries.get(sources);
            if (e == null) {
                e = new Entry(root.newSubManager(), sources, poseDim);
                entries.put(sources, e);
            }
            e.users++;
        }
        boolean all = picked.length == sources.count();
        for (int i = 0; all && i < picked.length; i++) {
            all = picked[i] == i;
        }
        NDList views = new NDList();
        for (NDArray a : e.arrays) {
            views.add(picked(a, picked, all));
        }
        if (enlarged) {
            NDList parts = new NDList();
            for (NDArray big : e.enlarged(picked)) {
                parts.add(big.get(new NDIndex()));
            }
            views.add(joined(parts));
        }
        for (NDArray v : views) {
            v.attach(frame);
        }
        return new Lease(e, views);
    }

    /** The sources at {@code picked} of a (1, K, …) array: a view when all or one, else a copy. */
    private static NDArray picked(NDArray a, int[] picked, boolean all) {
        if (all) {
            return a.get(new NDIndex());
        }
        NDList parts = new NDList();
        for (int i : picked) {
            parts.add(a.get(new NDIndex(":, {}:{}", i, i + 1)));
        }
        return joined(parts);
    }

    /** Views (1, 1, …) of sources as one (1, n, …) array: the view itself when one, else a copy. */
    private static NDArray joined(NDList parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray v = NDArrays.concat(parts, 1);
        parts.close();
        return v;
    }

    /** Frees every entry not in use (the rest when their frames finish). */
    void clear() {
        synchronized (entries) {
            entries.values().forEach(Entry::evict);
            entries.clear();
        }
    }

    /** One frame's use of an avatar's tensors. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private final NDList inputs;

        private Lease(Entry entry, NDList inputs) {
            this.entry = entry;
            this.inputs = inputs;
        }

        /** Source poses (1, K, Dp), frames (1, K, 3, S, S), masks (1, K, 1, S, S)[, enlarged sources]. */
        NDList inputs() {
            return inputs;
        }

        @Override
        public void close() {
            synchronized (entries) {
                if (--entry.users == 0 && entry.evicted) {
                    entry.manager.close();
                }
            }
        }
    }

    private static final class Entry {
        final NDManager manager;
        final NDList arrays = new NDList();
        int users;
        boolean evicted;
        /** Each source enlarged, (1, 1, 4, zS, zS), once a frame has picked it. */
        private final NDArray[] enlarged;

        Entry(NDManager manager, AvatarSources sources, int poseDim) {
            this.manager = manager;
            int s = sources.size();
            int k = sources.count();
            float[] poses = new float[k * poseDim];
            for (int i = 0; i < k; i++) {
                System.arraycopy(sources.poses().get(i), 0, poses, i * poseDim, poseDim);
            }
            arrays.add(manager.create(poses, new Shape(1, k, poseDim)));
            NDArray f = ImageTensors.images(manager, sources.images()).reshape(1, k, 3, s, s);
            NDArray m = ImageTensors.masks(manager, sources.masks()).reshape(1, k, 1, s, s);
            arrays.add(f);
            arrays.add(m);
            enlarged = new NDArray[k];
        }

        /** The picked sources enlarged, enlarging those no frame has picked before. */
        synchronized List<NDArray> enlarged(int[] picked) {
            List<NDArray> out = new ArrayList<>(picked.length);
            for (int i : picked) {
                if (enlarged[i] == null) {
                    // the enlargement's intermediates (several times its 4 MB) go with the work manager
                    try (NDManager work = manager.newSubManager()) {
                        NDIndex source = new NDIndex(":, {}:{}", i, i + 1);
                        NDArray frame = arrays.get(1).get(source);
                        NDArray mask = arrays.get(2).get(source);
                        frame.attach(work);
                        mask.attach(work);
                        NDArray big = WarpRenderer.samplingSources(frame, mask);
                        big.attach(manager);
                        enlarged[i] = big;
                    }
                }
                out.add(enlarged[i]);
            }
            return out;
        }

        /** Called with the cache's lock held. */
        void evict() {
            evicted = true;
            if (users == 0) {
                manager.close();
            }
        }
    }
}
