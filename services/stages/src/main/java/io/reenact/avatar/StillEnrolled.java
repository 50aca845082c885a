package io.reenact.avatar;

import io.reenact.schema.Avatar;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link FineTuneWorker.Enrolled} from a view of the avatars topic (the avatar service's global
 * table, {@code up}'s generate-stage table): the avatar is still the one enrolled when the view has
 * it with the same enrolment time. The view may lag the enrol stage's write by a moment, so an
 * avatar it does not show yet is waited for before it is taken as deleted.
 */
public final class StillEnrolled implements FineTuneWorker.Enrolled {

    private static final Duration VIEW_LAG = Duration.ofSeconds(10);

    private final Function<String, Optional<Map<String, Object>>> view;

    /** @param view an avatar as {@link AvatarUploads#describe} lists it, by id */
    public StillEnrolled(Function<String, Optional<Map<String, Object>>> view) {
        this.view = view;
    }

    @Override
    public boolean stillCurrent(Avatar enrolled) {
        long until = System.nanoTime() + VIEW_LAG.toNanos();
        while (true) {
            Optional<Map<String, Object>> now = view.apply(enrolled.getAvatarId());
            if (now.isPresent()) {
                return Objects.equals(((Number) now.get().get("createdAtMs")).longValue(), enrolled.getCreatedAtMs());
            }
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
