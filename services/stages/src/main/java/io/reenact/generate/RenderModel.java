package io.reenact.generate;

/**
 * The networks the generate stage needs: the shipped generator, and generators loaded from an
 * avatar's fine-tuned weights.
 */
public interface RenderModel {

    /** The shipped generator, shared by every avatar that was not fine-tuned. */
    AvatarRenderer base();

    /** A generator with an avatar's fine-tuned weights (the bytes stored on the avatar-weights topic). */
    AvatarRenderer fineTuned(byte[] weights);

    String modelVersion();

    /** Length of the identity embedding the generator takes (0: not checked). */
    int identitySize();

    /** Length of the pose descriptor the generator takes (0: not checked). */
    int poseSize();
}
