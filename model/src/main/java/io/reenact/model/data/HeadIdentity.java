package io.reenact.model.data;

import java.util.Objects;

/**
 * Everything that makes one synthetic person look like themself, independent of pose.
 *
 * <p>Lengths are in head units (the cranium is about two units tall; its centre is the origin of the
 * head's coordinate frame, x to the image's right, y up, z towards the camera). Colours are packed
 * {@code 0xRRGGBB}. Shape values are the cues a landmark detector would pick up (face width, jaw
 * width, eye spacing, nose length): they vary by tens of percent between identities on purpose, so
 * that a pose representation leaking identity is measurable.
 *
 * @param seed          the seed the identity was drawn from (diagnostics only)
 * @param headWidth     half-width of the cranium, 0.66–0.86
 * @param headHeight    half-height of the cranium, 0.92–1.05
 * @param headDepth     half-depth of the cranium, 0.85–0.98
 * @param jawWidth      half-width of the jaw, 0.44–0.72
 * @param jawLength     half-height of the jaw, 0.48–0.62 (longer = lower chin)
 * @param cheekFullness 0 (hollow) .. 1 (full cheeks)
 * @param eyeLevel      height of the eye line, −0.04..0.08
 * @param eyeSpacing    half the distance between the eye centres, 0.25–0.40
 * @param eyeSize       half-width of one eye, 0.095–0.14
 * @param noseLength    from the eye line to the nose base, 0.26–0.44
 * @param noseWidth     half-width of the nose, 0.065–0.13
 * @param mouthWidth    half-width of the mouth, 0.15–0.26
 * @param mouthGap      distance from the nose base down to the mouth line, 0.10–0.17
 * @param lipThickness  lip thickness scale, 0.7–1.4
 * @param earSize       ear size scale, 0.8–1.25
 * @param neckWidth     half-width of the neck, 0.32–0.46
 * @param skinColor     skin albedo
 * @param hairColor     hair albedo (also the base of the eyebrow colour)
 * @param eyeColor      iris colour
 * @param lipColor      lip colour
 * @param hairStyle     hair style
 * @param hairVolume    hair thickness scale, 0.6–1.4
 * @param browThickness eyebrow half-thickness, 0.012–0.035
 * @param browShape     eyebrow shape
 * @param glasses       eyewear
 * @param glassesColor  frame colour
 * @param shirtColor    shirt colour
 */
public record HeadIdentity(long seed,
                           float headWidth, float headHeight, float headDepth,
                           float jawWidth, float jawLength, float cheekFullness,
                           float eyeLevel, float eyeSpacing, float eyeSize,
                           float noseLength, float noseWidth,
                           float mouthWidth, float mouthGap, float lipThickness,
                           float earSize, float neckWidth,
                           int skinColor, int hairColor, int eyeColor, int lipColor,
                           HairStyle hairStyle, float hairVolume,
                           float browThickness, BrowShape browShape,
                           Glasses glasses, int glassesColor, int shirtColor) {

    public HeadIdentity {
        Objects.requireNonNull(hairStyle, "hairStyle");
        Objects.requireNonNull(browShape, "browShape");
        Objects.requireNonNull(glasses, "glasses");
        if (!(headWidth > 0 && headHeight > 0 && headDepth > 0 && jawWidth > 0 && jawLength > 0
                && eyeSize > 0 && noseLength > 0 && noseWidth > 0 && mouthWidth > 0 && earSize > 0 && neckWidth > 0)) {
            throw new IllegalArgumentException("head dimensions must be positive");
        }
    }
}
