package io.reenact.generate;

import io.reenact.model.AvatarSources;
import io.reenact.schema.Avatar;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Avatars as decoded from the avatars table, one decoding per avatar for the whole generator, kept
 * until the avatar's record changes.
 *
 * <p>Shared by every task and stream thread of a generator, not kept per task: the renderer keeps an
 * avatar's source tensors in engine memory keyed by its {@link AvatarSources} (for warp-128, up to
 * sixteen frames enlarged four times, 4 MB each). Decoded per task, a second stream driving the same
 * avatar from another partition got its own sources object, so the renderer made and held them a
 * second time: in {@code reenact demo}, whose warm-up stream and measured stream land on different
 * partitions, the measured stream's first frame took 993 ms to render (when all sixteen were enlarged
 * at once, by a slower method) and the backlog it left behind took most of the run to drain.
 */
final class DecodedAvatars {

    /** An avatar's record and what the generator reads from it. */
    record DecodedAvatar(byte[] raw, Avatar avatar, float[] identity, AvatarSources sources) {
    }

    private final Map<String, DecodedAvatar> byId = new ConcurrentHashMap<>();

    /**
     * The decoding of {@code raw}, the avatar's record as the table holds it now: the one already made
     * when the record is unchanged, else {@code decode}'s (which may throw; the cache is then left as it was).
     */
    DecodedAvatar get(String avatarId, byte[] raw, Function<byte[], DecodedAvatar> decode) {
        DecodedAvatar cached = byId.get(avatarId);
        if (cached != null && Arrays.equals(cached.raw(), raw)) {
            return cached;
        }
        // compute: two threads meeting a new record decode it once, and both get that decoding
        return byId.compute(avatarId, (id, old) -> old != null && Arrays.equals(old.raw(), raw) ? old : decode.apply(raw));
    }

    /** Forgets an avatar whose record is gone. */
    void remove(String avatarId) {
        byId.remove(avatarId);
    }

    /** How many avatars are held decoded. */
    int size() {
        return byId.size();
    }
}
