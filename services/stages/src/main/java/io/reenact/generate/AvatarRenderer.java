package io.reenact.generate;

/**
 * The generator (with its AdaIN parameter MLP) as the generate stage sees it: an identity
 * embedding and a pose descriptor in, a frame out. Safe to call from several stream threads.
 */
public interface AvatarRenderer extends AutoCloseable {

    RenderedAvatar render(float[] identity, float[] pose);

    /** Releases native memory held by weights of its own (fine-tuned renderers). */
    @Override
    default void close() {
    }
}
