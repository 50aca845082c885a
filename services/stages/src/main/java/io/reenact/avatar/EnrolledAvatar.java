package io.reenact.avatar;

import io.reenact.schema.Avatar;

/** What one completed enrolment produced: the avatar, and its fine-tuned weights if any. */
public record EnrolledAvatar(Avatar avatar, byte[] weights) {
}
