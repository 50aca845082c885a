package io.reenact.avatar;

import io.reenact.schema.Avatar;
import io.reenact.schema.FineTuneJob;

/** What one completed enrolment produced: the avatar, and the fine-tuning it queued if one was asked for. */
public record EnrolledAvatar(Avatar avatar, FineTuneJob job) {
}
