package io.reenact.model;

import java.util.List;

/**
 * What the warping renderer needs of one avatar: a few of its own frames at the model's size, their
 * masks and their latent poses. Prepared once at enrolment ({@link Reenactor#prepareSources}) and
 * carried by the avatar's record, so nothing of it is computed per driven frame; the float planes
 * are kept ready for the network.
 *
 * @param images the source frames, each {@code size}²
 * @param masks  their foreground masks
 * @param poses  their latent pose descriptors
 */
public record AvatarSources(List<RgbImage> images, List<Mask> masks, List<float[]> poses) {

    /** No sources: what an AdaIN avatar carries. */
    public static final AvatarSources NONE = new AvatarSources(List.of(), List.of(), List.of());

    public AvatarSources {
        images = List.copyOf(images);
        masks = List.copyOf(masks);
        poses = List.copyOf(poses);
        if (masks.size() != images.size() || poses.size() != images.size()) {
            throw new IllegalArgumentException("sources need one mask and one pose per image: " + images.size()
                    + " images, " + masks.size() + " masks, " + poses.size() + " poses");
        }
        for (int i = 0; i < images.size(); i++) {
            RgbImage im = images.get(i);
            Mask m = masks.get(i);
            if (im.width() != im.height() || m.width() != im.width() || m.height() != im.height()
                    || im.width() != images.get(0).width()) {
                throw new IllegalArgumentException("source " + i + " is not a square of the others' size with its mask");
            }
        }
    }

    public int count() {
        return images.size();
    }

    public boolean isEmpty() {
        return images.isEmpty();
    }

    /** Side of the square source frames (0 when empty). */
    public int size() {
        return images.isEmpty() ? 0 : images.get(0).width();
    }
}
