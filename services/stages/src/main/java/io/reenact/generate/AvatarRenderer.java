package io.reenact.generate;

import io.reenact.model.AvatarSources;

/**
 * The generator (with its AdaIN parameter MLP) as the generate stage sees it: an identity
 * embedding and a pose descriptor in, a frame out. Safe to call from several stream threads.
 */
public interface AvatarRenderer extends AutoCloseable {

    /**
     * @param sources what the avatar's record carries for the renderer (a warping renderer's frames;
     *                {@link AvatarSources#NONE} for the AdaIN generator)
     */
    RenderedAvatar render(float[] identity, float[] pose, AvatarSources sources);

    /** Releases native memory held by weights of its own (fine-tuned renderers). */
    @Override
    default void close() {
    }
}
