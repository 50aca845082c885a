package io.reenact.generate;

import io.reenact.model.Mask;
import io.reenact.model.RgbImage;

/**
 * One generated frame: the avatar's RGB already multiplied by its generated mask (black
 * background), and the mask itself for paste-back.
 */
public record RenderedAvatar(RgbImage image, Mask mask) {
}
