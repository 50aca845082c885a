package io.reenact.model;

/**
 * Relative driving, as Avatarify drives FOMM: the driver's change of latent pose since a reference
 * frame (its first), added to the avatar's own pose. Someone driving another person's face then
 * moves that face from where its photo has it, rather than snapping it to where their own head is;
 * the latent pose descriptors make this a vector difference, with no keypoints involved.
 */
public final class RelativePose {

    private RelativePose() {
    }

    /** avatar + (driver − reference), element by element. */
    public static float[] apply(float[] avatarPose, float[] driverPose, float[] driverReference) {
        if (avatarPose.length != driverPose.length || driverReference.length != driverPose.length) {
            throw new IllegalArgumentException("pose lengths differ: " + avatarPose.length + ", " + driverPose.length
                    + ", " + driverReference.length);
        }
        float[] out = new float[driverPose.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = avatarPose[i] + driverPose[i] - driverReference[i];
        }
        return out;
    }
}
